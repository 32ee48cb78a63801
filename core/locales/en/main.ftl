# Common bot texts. Parameters in { $... } are HTML-escaped when substituted.

## Commands (setMyCommands)
cmd-start = Start and show the menu
cmd-menu = Main menu
cmd-help = What the bot does and how to reach the insurer
cmd-cancel = Leave the current dialogue
cmd-language = Language / Язык

## Greeting and menu
greeting-new = Hello, { $name }! I am the assistant for people insured with { $insurer } (health and travel insurance).
    This is your personal account: policies, nearby clinics, doctor appointments, requests and reminders.
    Start with “{ menu-signup }” (about a minute), then link your policy by its number.
greeting-back = Welcome back, { $name }! Choose a section in the menu below.
menu-title = Main menu. Choose a section.
menu-help = ℹ️ Help
menu-language = 🌐 Language

## Help
help-text =
    <b>Insurance assistant</b> — your health (DMS) and travel (VZR) insurance account with { $insurer }, right in Telegram.

    Available now:
    { $sections }

    Commands: /menu — main menu, /cancel — leave the current step, /language — language.
    Hotline: { $phone }
    Support e-mail: { $email }
help-section-help = • Help — this page and the insurer's contacts
help-section-language = • Language — Russian or English interface

## Cancel
cancel-done = All right, stopped. What you entered in this dialogue was not kept.
cancel-nothing = There is nothing to cancel right now.

## Unfinished dialogue
dialogue-pending = You have an unfinished dialogue: “{ $title }”. Continue from the same step or start over?
dialogue-continue = ▶️ Continue
dialogue-restart = 🔄 Start over
dialogue-gone = That dialogue is already finished.
dialogue-unknown = an unfinished action
dialogue-not-understood = I could not read that answer. Please answer the question above, or send /cancel to leave.
dialogue-retired = The bot has been updated and the step you stopped at works differently now. Please begin again from the menu below.
dialogue-busy = Finish what you started first ("{ $title }"), or cancel it with /cancel.

## Links
deep-link-unknown = This link is out of date or wrong. If your insurer sent it, please write to { $email }.

## Language
language-choose = Choose the interface language.
language-ru = Русский (Russian)
language-en = English (английский)
language-set = Done: the interface is in English.

## Anti-flood
flood-notice = Please slow down: I will skip messages for the next few seconds and then answer again.
flood-press = Not so fast: wait a couple of seconds and press again.

## Errors and unclear input
error-apology = Sorry, something went wrong on our side. Please try again a little later — everything you have entered is kept.
unknown-text = I did not understand that. Choose a section in the menu below or send /help.
unknown-command = There is no such command. Available: /menu, /help, /cancel, /language.
unsupported-content = I understand text and buttons. Choose a section in the menu below or send /help.
button-stale = This button no longer works. Open /menu.

## A card number in the chat
card-number-deleted = I deleted your message: it contained a bank card number.
    Never send card details in a chat — a card is bound only on the payment provider's secure page, which the bot links to in “💳 Co-payment and card”.
card-number-deleted-group = Message deleted: it contained a bank card number. Card details are never written in chats.
card-number-masked = I deleted your message because it contained a bank card number, and kept the text with the number hidden. Please do not send card details in a chat.

cmd-broadcast = Broadcast to everyone (administrators)

## Policies
policy-terminated = Policy { $number } has been terminated: your employer removed it from the list of insured people.
    If this is a mistake, contact your HR department or the hotline.
duration = { $amount } { $unit ->
    [hours] h
   *[minutes] min
}
# What a demonstration's made-up data (a generated doctor, the default insurer) is marked with.
demo-mark = (demo)
