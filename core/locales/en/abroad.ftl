## Help abroad (travel insurance)
cmd-sos = Help abroad: assistance, policy number, send where you are
menu-abroad = 🆘 Help abroad
help-section-abroad = • Help abroad — whom to call on your travel policy, and how to tell the insurer where you are
abroad-title-short = help abroad
abroad-title = <b>🆘 Help abroad</b>
abroad-cover =
    <b>{ $programme }</b> (valid until { $ends })
    { $call }
    Policy number: <code>{ $number }</code>
    In Latin letters: <code>{ $latin }</code>
abroad-call-assistance = Call the assistance company { $company }: { $phone } (24/7)
abroad-assistance-unnamed = of the programme
abroad-call-hotline = Call the { $insurer } hotline: { $phone }
abroad-share-hint =
    Tap “📍 Send where I am”: the insurer's operator sees where you are and calls you back.
    No location? Type where you are: city, address, hotel.
abroad-share = 📍 Send where I am
abroad-back = ⬅️ Menu
abroad-skip = Skip
abroad-share-how =
    Tap “📍 Send where I am” below: your phone sends your location.
    Or send a location via 📎 → “Location”, or type where you are: city, address, hotel.
abroad-place-short = Type where you are, at least { $min } letters: a city, an address or a hotel. Or tap “📍 Send where I am”.
abroad-ask-text =
    What happened? Briefly, in one message: for example, “fever 39, need a doctor”.
    No time to type? Tap “Skip”: the operator will ask on the phone.
abroad-location-again = The new location is added to your request. What happened? Type it briefly or tap “Skip”.
abroad-text-long = Too long: { $length } characters of { $max }. Keep it short: the operator will call and ask.
abroad-text-expected = Type in words what happened, or tap “Skip”.
abroad-case-expected = Send a new location here (“📍 Send where I am”) or type what has changed.
abroad-posted =
    ✅ Request <b>{ $number }</b> went to the insurer's operators as urgent.
    Keep your phone at hand: they will call you. Send a new location or news right here.
abroad-desk-off =
    Request <b>{ $number }</b> is saved, but the operators are not reachable in the chat now.
    Call the number above: it is faster.
abroad-checklist =
    <b>Keep these to be reimbursed:</b>
    • receipts and invoices (originals) for treatment, medicines, transport;
    • medical reports, discharge summaries and test results with the diagnosis;
    • prescriptions for medicines;
    • papers on what happened: a police report, an airline's report and so on;
    • boarding passes and a copy of your passport with the exit stamps.
    Take a photo of each document on the day you get it.
abroad-joined = Added to request <b>{ $number }</b>: the operators will see it.
abroad-case-open =
    Your request <b>{ $number }</b> is open. A new location (“📍 Send where I am”) or a text sent here is added to it.
abroad-case-ended =
    Request { $number } is closed already. If you need help again, tap “📍 Send where I am”: that makes a new request.
abroad-left = You left “Help abroad”.
abroad-no-cover =
    You have no travel policy in force in the bot. Add your policy and the assistance numbers appear here.
    Need help now? Call the hotline: { $phone }
abroad-cover-gone =
    The travel policy is no longer in force: the request was not sent. Call the hotline: { $phone }
abroad-taken = 🛠 Operator { $operator } took request { $number }. Expect a call.
abroad-closed = 🔒 Request { $number } is closed. If you need help again, open “🆘 Help abroad”.
abroad-notes-limit = You have sent { $max } additions to request <b>{ $number }</b> within an hour: the operators see them. You can send the next one a little later; if it is urgent, call the number above.
abroad-joined-desk-off =
    Added to request <b>{ $number }</b> and saved, but the operators are not reachable in the chat now: they will see it when they are back.
    Call the number above: it is faster.
abroad-released =
    ↪️ Policy { $policy } is no longer linked to you in the bot, so request { $number } is closed.
    If you still need help, call the hotline: { $phone }
abroad-choose = You have several travel policies in force. Which one do you need help on? Tap a button or type its number in the list.
abroad-policy-line = { $n }. <b>{ $programme }</b> · { $number } (valid until { $ends })
abroad-choose-expected = No such policy. Type a number from 1 to { $count } or the policy number, or tap a button.
abroad-choose-again = Choose a policy with a button under the list, or type its number in the list.
abroad-step-back = ⬅️ Back

## The operators' desk
desk-abroad =
    🆘 <b>URGENT: help abroad { $number }</b>
    Who: { $name }
    Phone: { $phone } · language: { $language }
    Profile: <code>/find #{ NUMBER($profile, useGrouping: 0) }</code>
    Travel policy: { $policy } · programme: { $programme }
    Assistance: { $company }, { $assistance }
    Where: { $where ->
        [location] location (below), map: { $map }
       *[place] as told: { $place }
    }
    What happened: { $told ->
        [no] not described: ask on the phone (what the person adds comes as a reply to this message)
       *[yes] { $text }
    }

    Status: { $status ->
        [open] 🆕 waiting for an operator
        [taken] 🛠 in progress — { $operator }
        [released] ↪️ the policy went to another holder
       *[closed] 🔒 closed — { $operator }
    }
desk-abroad-pin = 📍 Where { $number } is
desk-abroad-note = ↩️ { $number }: the person added
    { $text }
desk-abroad-moved = 📍 { $number }: the person sent a new location, map: { $map }
desk-abroad-take = 🛠 Take it
desk-abroad-close = 🔒 Close
desk-abroad-take-done = Request { $number } is yours.
desk-abroad-close-done = Request { $number } is closed.
desk-abroad-unknown = There is no such request.
desk-abroad-decided = Already decided: another operator took the request, or it is closed.
desk-abroad-released = ↪️ { $number }: the policy went to another holder — the request is closed, its buttons no longer work.
desk-abroad-removed = 🆘 Request { $number }: the data were erased at the person's request.
desk-abroad-released-card = 🆘 Request { $number }: ↪️ the policy went to another holder — the request is closed, the person's data are hidden.

## Data export
data-section-abroad = Help abroad
data-label-case = Request
data-label-place-typed = Place as told
data-abroad-status = { $value ->
    [open] waiting for an operator
    [taken] in progress
    [released] the policy went to another holder
    [closed] closed
   *[other] { $value }
}
