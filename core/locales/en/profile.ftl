## Profile and data rights
menu-profile = 👤 Profile
help-section-profile = • Profile — your details, PIN, time zone, exporting and deleting your data
profile-title = changing your profile
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
profile-erase-ask = <b>Delete all your data?</b>
    Your profile, e-mail, phone, document, consents and reminders will be deleted and the account closed. This cannot be undone.
    Deleting also withdraws your consent to the processing of personal data.
    By law only anonymised records of the consents once given and the action log remain.
profile-erase-visits = Your upcoming visits will be cancelled — the clinics will be told:
profile-erase-visit = • { $date } at { $time } — { $clinic }
profile-erase-tickets = Your open requests will be deleted — they will not be answered:
profile-erase-ticket = • { $number } — { tickets-kind }, { $clinic }
profile-erase-ticket-no-clinic = • { $number } — { tickets-kind }
profile-erase-tickets-more = • and { $count } more
profile-erase-visit-cancelled = The visit on { $date } at { $time } — { $clinic } — is cancelled. Open the file to remove it from your calendar.
profile-erase-yes = 🗑 Yes, delete everything
profile-erase-no = No, keep it
profile-erase-word = delete
profile-erase-kept = All right, nothing was deleted.
profile-erase-done = Your data has been deleted and the account closed. If you want to come back, just sign up again.
profile-erase-hint = Press "Yes, delete everything" or "No, keep it".
data-export-title = The data the DMS assistant holds about you
data-export-when = Exported on { $when }. Times are in the { $zone } time zone.
data-none = none
data-yes = yes
data-no = no
data-label-when = When
data-label-status = Status
data-label-policy = Policy
data-label-clinic = Clinic
data-label-text = Text
data-label-language = Language
data-label-time-zone = Time zone
data-label-first-seen = First wrote to the bot
data-label-last-name = Last name
data-label-first-name = First name
data-label-middle-name = Middle name
data-label-birth-date = Date of birth
data-label-sex = Sex
data-label-email = E-mail
data-label-phone = Phone
data-label-document-type = Document
data-label-document = Document number
data-label-pin = PIN set
data-label-signed-up = Signed up
data-label-number = Number
data-label-for = For whom
data-label-relation = Who they are to you
data-label-policies = Policies
data-label-kind = Type
data-label-program = Programme
data-label-start = Start
data-label-end = End
data-label-employer = Employer
data-label-terminated = Terminated
data-label-date = Date
data-label-service = Service
data-label-cost = Cost
data-label-place = Place
data-label-lat = Latitude
data-label-lon = Longitude
data-label-saved-at = Saved
data-label-visit-at = Visit time
data-label-specialty = Specialty
data-label-doctor = Doctor
data-label-booked-at = Booked
data-label-ticket = Request
data-label-author = Written by
data-label-photos = Photos
data-label-submitted-at = Submitted
data-label-decided-at = Decided
data-label-reason = Reason for refusal
data-label-photos-kept = Photos kept
data-label-brand = Card network
data-label-last4 = Card, last digits
data-label-expiry = Valid until
data-label-bound-at = Linked
data-label-consented-at = Consent given
data-label-stage = Stage
data-label-service-ref = Service (insurer's reference)
data-label-amount = Amount
data-label-percent = Share, %
data-label-consent = Document
data-label-version = Version
data-label-accepted-at = Accepted
data-label-to = To
data-label-subject = Subject
data-label-action = Action
data-visit-status = { $value ->
    [confirmed] confirmed
    [cancelled] cancelled
    [rescheduled] moved
    [withdrawn] cancelled by the clinic
   *[other] { $value }
}
data-ticket-kind = { $value ->
    [complaint] complaint
    [gratitude] thanks
   *[other] { $value }
}
data-ticket-status = { $value ->
    [new] new
    [in_progress] in progress
    [answered] answered
    [solved] solved
    [closed] closed
   *[other] { $value }
}
data-ticket-author = { $value ->
    [person] you
    [operator] operator
   *[other] { $value }
}
data-check-status = { $value ->
    [pending] under review
    [approved] approved
    [rejected] rejected
   *[other] { $value }
}
data-franchise-stage = { $value ->
    [none] not arranged
    [consented] terms accepted
    [card_bound] card linked
    [clinics] clinics available
    [active] active
   *[other] { $value }
}
data-charge-status = { $kind ->
    [refund] refund: { $value ->
        [paid] returned
        [cancelled] cancelled
       *[other] expected
    }
   *[other] { $value ->
        [paid] paid
        [pending] waiting
        [charging] being charged
        [declined] declined by the bank
        [awaiting] awaiting payment
        [replaced] replaced by a recalculation
        [cancelled] cancelled
       *[other] { $value }
    }
}
data-consent-document = { $value ->
    [terms] user agreement
    [personal-data] consent to personal data processing
    [biometrics] consent to biometric data processing
   *[other] { $value }
}
data-message-status = { $value ->
    [pending] waiting to be sent
    [sent] sent
    [cancelled] cancelled
    [dropped] not sent: out of date
    [failed] not delivered
   *[other] { $value }
}
data-audit-action = { $value ->
    [access-recovered] access recovered
    [card-binding_started] card linking started
    [card-bound] card linked
    [card-declined] card declined
    [card-refused_frozen] card linking refused: profile frozen
    [card-unbound] card unlinked
    [data-erase] data erased
    [data-export] data exported
    [franchise-consented] co-payment terms accepted
    [franchise-started] co-payment arranged
    [identity-submitted] identity check submitted
    [passport-full_view] document shown in full
    [pin-remove] PIN removed
    [pin-set] PIN set
    [pin-wrong] wrong PIN
    [policy-linked] policy linked
    [policy-lookup] policy looked up by number
    [policy-mismatch] policy details did not match the profile
    [profile-contacts] e-mail or phone changed
    [recovery-card_wrong] wrong card details during recovery
    [recovery-disputed] "It wasn't me" after a recovery
    [ticket-follow_up] request followed up
    [ticket-solved] request marked solved
    [ticket-submitted] request submitted
    [letter-requested] guarantee letter requested
    [letter-answered] question on a guarantee letter answered
    [abroad-submitted] help abroad requested
    [abroad-added] request for help abroad followed up
    [claim-submitted] reimbursement claim submitted
    [claim-answered] answer on a reimbursement claim sent
   *[other] { $value }
}
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
data-section-family = Family members on your policies
