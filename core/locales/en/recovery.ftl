## Access recovery
cmd-recover = Recover access from a new account
recovery-title = access recovery
recovery-ask-contact = Access recovery. Enter the e-mail or phone you signed up with, and we will send a code to it.
recovery-bad-contact = An e-mail address (anna@example.com) or a phone number (+7 999 123-45-67) is needed.
recovery-code-sent = If we know this address or number, a code is on its way to { $address }. Type it: 6 digits.
recovery-next-code = To be safe, confirm the second contact too: a code was sent to { $address }. Type it.
recovery-not-found = There is no account with this address. Please sign up: /signup
recovery-same-account = This is already your account: there is nothing to recover.
recovery-has-profile = A profile is already linked to this Telegram account. Another one can be recovered from an account without a profile.
recovery-frozen = The profile is frozen after a "Not me" report. Please call the hotline: { $phone }.
recovery-ask-pin = Last step: enter the profile's PIN. I delete the message with it at once.
recovery-done = 🔑 Access recovered, { $name }! The profile is now linked to this Telegram account.
recovery-start = 🔑 Recover access
recovery-old-account = 🔐 Access to your DMS assistant profile was recovered from another Telegram account. If that was not you, press "Not me": we will freeze the profile at once and look into it.
recovery-not-me = 🚫 Not me
recovery-disputed = The profile is frozen and your report has been passed to the insurer. Please call the hotline: { $phone }.
profile-frozen = 🧊 The profile is frozen until the insurer decides: the previous Telegram account reported that the access was not recovered by its owner.
    Until an operator has looked into it, nothing can be done with the profile and its data are not shown.
    Hotline: { $phone }.
recovery-given-back = 🔐 After your "Not me" report, the insurer has given your profile back to this Telegram account. It works again: /profile.
recovery-given-back-pin = 🔐 While the profile was on the other account, a PIN was set there. We removed it: set your own in "👤 Profile" → "🔐 PIN".
recovery-given-back-contacts = ⚠️ While the profile was on the other account, its e-mail or phone was changed. Check them in "👤 Profile" and correct them if they are not yours: otherwise they could be used to recover access again.
recovery-taken-back = The insurer has given the profile back to the previous Telegram account. It is no longer available from this account. Questions: please call the hotline.
recovery-unfrozen = 🔓 The insurer has checked the access recovery: the profile is unfrozen and works again. /profile
signup-taken-recover = This { $what } already belongs to an account. If it is yours, recover access to it. Or give another one.
signup-what-email = address
signup-what-phone = number
recovery-ask-card = A card is bound to this profile. To prove it is you, type the card's last 4 digits and its expiry month — for example: 4242 12/30. Do not send the full card number.
recovery-card-format = Type the card's last 4 digits and its expiry, separated by a space, for example: 4242 12/30.
recovery-card-wrong = That does not match the bound card. { $left ->
    [one] 1 try left.
   *[other] { $left } tries left.
}
recovery-card-locked = Too many wrong tries. To recover access, call the hotline { $phone }.
