## Profile and data rights
menu-profile = 👤 Profile
help-section-profile = • Profile — your details, PIN, time zone, exporting and deleting your data
profile-title = profile
profile-card = <b>Your profile</b>

    <b>Name:</b> { $name }
    <b>Date of birth:</b> { $birth_date }
    <b>Sex:</b> { $sex }
    <b>E-mail:</b> { $email }
    <b>Phone:</b> { $phone }
    <b>Document:</b> { $document_type }, { $document }
    <b>PIN:</b> { $pin }
    <b>Time zone:</b> { $zone }
profile-pin-on = set
profile-pin-off = not set
profile-show-document = 👁 Full document
profile-pin = 🔐 PIN
profile-zone = 🕐 Time zone
profile-export = 📦 Export my data
profile-erase = 🗑 Delete my data
profile-document-full = Full document — { $document_type }: <code>{ $document }</code>
profile-enter-pin = Enter your PIN. I delete the message with it at once.
profile-pin-wrong = Wrong PIN, { $left ->
        [one] { $left } try left
       *[other] { $left } tries left
    }.
profile-pin-locked = The PIN is locked after wrong tries — until { $until }. Each next lock lasts longer: 15 minutes, an hour, a day. A right PIN gives five tries again.
profile-pin-expected = Enter your PIN in digits — or /cancel.
profile-pin-menu = Your PIN is set. It is asked to show the full document, to export or delete your data, to change your e-mail or phone, to bind a new card in place of the bound one, to unbind the card and to recover access.
profile-pin-change = Change PIN
profile-pin-remove = Remove PIN
profile-pin-new = Choose a PIN of 4–6 digits. I delete the message with it at once.
profile-pin-bad = A PIN is 4 to 6 digits.
profile-pin-repeat = Repeat the PIN.
profile-pin-mismatch = The PINs did not match. Choose a PIN again.
profile-pin-set = ✅ PIN saved.
profile-pin-removed = PIN removed.
profile-zone-ask = Now: { $zone }. Choose your time zone, or type a city such as Novosibirsk or the zone's name such as Asia/Yekaterinburg. Reminders follow it, and night-time messages wait for your morning.
profile-zone-bad = I do not know that time zone. Choose one with a button, type a large city near you such as Samara, or a name like Europe/Samara.
profile-zone-set = ✅ Time zone: { $zone }.
profile-export-ready = Everything we hold about you: a JSON file for programs and an HTML page to open in a browser.
profile-erase-ask = <b>Delete all your data?</b> Your profile, e-mail, phone, document, consents and reminders will be deleted and the account closed; this cannot be undone. By law only anonymised records of the consents once given and the action log remain. This also withdraws your consent to the processing of personal data.
profile-erase-yes = 🗑 Yes, delete everything
profile-erase-no = No, keep it
profile-erase-word = delete
profile-erase-kept = All right, nothing was deleted.
profile-erase-done = Your data has been deleted and the account closed. If you want to come back, just sign up again.
profile-erase-hint = Press "Yes, delete everything" or "No, keep it".
data-export-title = The data the DMS assistant holds about you
data-export-when = Exported on { $when } (UTC)
data-section-account = Telegram account
data-section-profile = Profile
data-section-places = Saved places
data-section-visits = Visits
data-section-tickets = Requests
data-section-identity = Identity checks
data-section-card = Card
data-section-franchises = Co-payment consents
data-section-charges = Co-payment charges
data-section-consents = Consents
data-section-messages = Messages and reminders
data-section-clinic-mail = Mail to clinics about your visits
data-section-audit = Action log
profile-edit = ✏️ Edit details
profile-edit-which = What to change? A new e-mail or phone has to be confirmed with a code.
profile-saved = ✅ Changes saved. Profile: /profile
profile-language = 🌐 Language
profile-withdraw = Withdraw consent
data-section-policies = Policies
data-section-services = Services received
