## Guarantee letters
menu-letters = 📨 Guarantee letter
help-section-letters = • Guarantee letter — ask the insurer to approve a service or a planned hospital stay at a clinic of your health (DMS) programme
letters-title = guarantee letter request
letters-kind = { $kind ->
    [hospital] planned hospital stay
   *[service] service at a clinic
}
letters-kind-service = 🩺 Service at a clinic
letters-kind-hospital = 🏥 Planned hospital stay
letters-status = { $status ->
    [review] under review
    [clarify] more details needed
    [approved] approved
    [refused] refused
    [expired] expired
    [withdrawn] withdrawn
   *[revoked] withdrawn
}
letters-section-empty = <b>Guarantee letter</b>
    The insurer approves a service or a planned hospital stay at a clinic of your health programme and issues a guarantee letter: the clinic sees you without payment. No letters yet.
    Up to { $max } requests can be under review at a time.
letters-section = <b>My letters</b> ({ $count }):
    { $lines }
    Tap a letter to open it.
letters-line = • { $number } — { letters-kind }, { $clinic }: { letters-status }
letters-line-until = • { $number } — { letters-kind }, { $clinic }: { letters-status }, until { $valid_until }
letters-prev = ◀️ Back
letters-next = Next ▶️
letters-new = ➕ Request a letter
letters-mine = 📨 My letters
letters-too-many = { $max } of your requests are already under review: we take no more at a time from one person, so that the operators can answer everyone. You can send a new request once one of them is decided.
letters-no-policy = A guarantee letter needs a health (DMS) policy in force, and you have none right now. Add a policy: /policies
letters-ask-policy = Which policy is the letter for? Choose with a button or type the policy number.
letters-policy-expected = Choose the policy with a button — or type its number (or its place in the list: 1, 2…).
letters-policy-gone = The chosen policy is no longer in force.
letters-ask-kind = Policy { $policy }. What should be approved?
    1. A service at a clinic (a test, a procedure, treatment)
    2. A planned hospital stay
letters-kind-expected = Choose with a button: “Service at a clinic” or “Planned hospital stay” (or type 1 or 2).
letters-ask-clinic-recent = { $kind ->
    [hospital] Which hospital is the stay at?
   *[other] Which clinic is the service at?
} Clinics of your programme you have been to lately:
    { $lines }
    Choose with a button or its number — or type part of another clinic's name or address.
letters-ask-clinic = { $kind ->
    [hospital] Which hospital is the stay at?
   *[other] Which clinic is the service at?
} Type part of the clinic's name or address — we will look among the clinics of your programme.
letters-clinic-expected = Type at least two letters of the clinic's name or address — or choose a clinic with a button.
letters-clinic-long = That is too long for a clinic's name: type part of it, up to { $letters } characters.
letters-clinic-none = No clinic of your programme matches “{ $query }”. Try another word.
letters-clinic-found = Clinics found: { $count }. Choose with a button or its number — or refine the search:
    { $lines }
letters-clinic-found-more = Clinics found: { $count }, the first { $shown } shown. Choose with a button or its number — or refine the search:
    { $lines }
letters-ask-service = { $clinic }. { $kind ->
    [hospital] What did the doctor prescribe: diagnosis, department, surgery or treatment?
   *[other] What did the doctor prescribe: which service, test or procedure?
} Write it in one message, up to { $max } characters.
letters-service-first = First write what was prescribed — photos of the referral come in the next step. Or send a photo with a caption: the caption becomes the text.
letters-service-expected = Write what the doctor prescribed in a message.
letters-service-menu-label = That is a menu button, not a prescription. Write what the doctor prescribed — or /cancel to leave without sending.
letters-service-short = Too short — write at least { $min } characters so that the operator knows what to approve.
letters-service-long = Too long: { $length } { $length ->
    [one] character
   *[other] characters
} of { $max } allowed. Please shorten it.
letters-ask-photos = Attach photos of the doctor's referral — up to { $max }. If you have no referral, tap “No photos”.
letters-photo-added = Photo { $count } of { $max } added. Send more — or tap “Done”.
letters-done = ✅ Done
letters-no-photos = No photos
letters-skip = Skip
letters-photo-bad-file = A photo or an image is needed (JPEG, PNG, HEIC, WebP), up to 10 MB.
letters-photo-too-many = { $max } photos attached already — no more can be added.
letters-photos-expected = Send photos of the referral (up to { $max }) — or tap “Done” / “No photos”.
letters-ask-day = { $kind ->
    [hospital] When is the admission?
   *[other] When do you need the service?
} Choose a day in the calendar or type a date (for example { $first }): from { $first } to { $last }.
letters-cell-empty = Choose a date in the calendar — or type one.
letters-day-expected = That date could not be read. Choose a day in the calendar or type a date, for example 25.12.2026 or December 25.
letters-day-past = That day has passed — choose today or a later day.
letters-day-out-of-range = That date cannot be chosen: a letter can be requested at most 90 days ahead and not after your policy ends. Choose a day in the calendar.
letters-summary = <b>Check your request</b>
    Policy: { $policy }
    What: { letters-kind }
    { $kind ->
        [hospital] Hospital
       *[other] Clinic
    }: { $clinic }
    Prescribed: { $service }
    Referral photos: { $photos }
    { $kind ->
        [hospital] Admission date
       *[other] Date
    }: { $date }

    Is everything right? Tap “Send” or type “yes”.
letters-send = 📨 Send
letters-cancel = ❌ Cancel
letters-summary-expected = Tap “Send” (or type “yes”) — or “Cancel”.
letters-sent = ✅ Request <b>{ $number }</b> sent.
    A decision within { $amount } { $unit ->
    [hours] { $amount ->
        [one] hour
       *[other] hours
    }
   *[minutes] { $amount ->
        [one] minute
       *[other] minutes
    }
}. The letter will come here; the request is in “📨 My letters”.
letters-sent-desk-off = ✅ Request <b>{ $number }</b> saved.
    The operators are offline right now, so the decision may take longer than usual. The answer will come here.
letters-no-longer = This request can no longer be sent: the policy, the clinic or the date no longer fit. Let us start again.
letters-cancelled = Request not sent.
letters-card = <b>{ $number }</b> — { letters-kind }
    Status: { letters-status }
    Policy: { $policy }
    { $kind ->
        [hospital] Hospital
       *[other] Clinic
    }: { $clinic }
    Prescribed: { $service }
    { $kind ->
        [hospital] Admission date
       *[other] Date
    }: { $date }
    Referral photos: { $photos }
letters-card-approved = Letter No. { $letter }, valid until { $valid_until }{ $limited ->
    [yes] , limit { MONEY($limit) }
   *[no] {""}
}.
letters-card-reason = Reason for refusal: { $reason }
letters-card-question = The operator asks: { $question }
letters-pdf = 📄 Download the letter (PDF)
letters-answer = ✍️ Answer
letters-back = ◀️ My letters
letters-reply-send = 📨 Send the answer
letters-not-yours = This is not your letter.
letters-no-pdf = A letter can be downloaded only while it is approved and valid.
letters-pdf-file = guarantee-letter-{ NUMBER($number, useGrouping: 0) }.pdf
letters-pdf-ready = 📄 Guarantee letter No. { $letter } (request { $number }).
letters-not-awaiting = No answer is awaited on request { $number } now.
letters-ask-answer = The operator asks about request { $number }:
    { $question }
    Write your answer (up to { $max } characters) and attach photos if needed.
letters-answer-photos = Photo added ({ $count } of { $max }). Write the text of your answer — or tap “Send the answer”.
letters-answer-expected = Write your answer on request { $number } (up to { $max } characters) or send a photo.
letters-answer-sent = ✅ Your answer on request { $number } went to the operator.
letters-answer-long = The answer is too long: { $length } characters of { $max }. Please shorten it.
letters-not-expected = This step expects text or a button.
letters-open-one = 📨 Open the request
letter-approved = ✅ Request <b>{ $number }</b> approved: guarantee letter No. { $letter }, valid until { $valid_until }.{ $scoped ->
        [yes] {" "}Approved: { $scope }.
       *[no] {""}
    }{ $mailed ->
        [yes] {" "}We have e-mailed it to the clinic too; take the PDF with you just in case.
       *[no] {" "}Show this PDF at the clinic's reception: we have no e-mail for the clinic, so we have not sent it there.
    }
letter-refused = ❌ Request <b>{ $number }</b> was refused.
    Reason: { $reason }
letter-question = ❓ The operator needs more details on request <b>{ $number }</b>:
    { $question }
letter-expiring = ⏳ Guarantee letter No. { $letter } (request { $number }) for { $clinic } is valid until { $valid_until }. If you still need the service, make it before then.
letter-withdrawn = Request <b>{ $number }</b> was withdrawn: policy { $policy } is no longer yours.
letter-revoked = The guarantee letter of request <b>{ $number }</b> was withdrawn: policy { $policy } is no longer yours. The clinic has been told.
letter-clinic-subject = { $what ->
    [revoked] Guarantee letter No. { $letter } withdrawn
   *[approved] Guarantee letter No. { $letter }
}
letter-clinic-text = Hello,
    { $what ->
        [revoked] { $insurer } withdraws guarantee letter No. { $letter }: it is no longer valid.
       *[approved] { $insurer } guarantees payment within the health (DMS) programme (the letter is attached as a PDF):
    }
    Patient: { $name }, { $birth_date }
    Policy: { $policy }
    { $kind ->
        [hospital] Planned hospital stay
       *[other] Service
    }: { $service }
    Date: { $date }
    Valid until: { $valid_until }
    Limit: { $limit }
    Questions: { $phone }.
    This message was sent automatically; request { $number }.

## Guarantee letters on the operators' desk
desk-letter = 📨 <b>Guarantee letter { $number }</b> — { letters-kind }
    Who: { $name }, { $birth_date }{ $relation ->
        [spouse] {" "}{ desk-letter-member }
        [child] {" "}{ desk-letter-member }
        [parent] {" "}{ desk-letter-member }
       *[self] {""}
    }
    Contact: { $email }, { $phone } — more: <code>/find #{ NUMBER($profile, useGrouping: 0) }</code>
    Policy: { $policy } (programme { $program })
    { $kind ->
        [hospital] Hospital
       *[other] Clinic
    }: { $clinic }
    Prescribed: { $service }
    { $kind ->
        [hospital] Admission date
       *[other] Date
    }: { $date }
    Referral photos: { $photos ->
        [0] none
       *[other] { $photos } (below)
    }

    Status: { $status ->
        [review] 🆕 under review
        [clarify] ❓ waiting for the person's answer: { $question }
        [approved] ✅ approved: letter No. { $letter } until { $valid_until }{ $limit ->
            [0] {""}
           *[other] , limit { MONEY($limit) }
        }
        [expired] ⌛ expired: letter No. { $letter } until { $valid_until }
        [refused] ❌ refused: { $reason }
        [withdrawn] ↩️ withdrawn: the policy changed holder
       *[revoked] ↩️ letter No. { $letter } withdrawn: the policy changed holder
    }
# A family member's letter: who they are to the account, and whose the account is.
desk-letter-member = ({ family-relation }; account: { $holder })
desk-kind-letter = guarantee letter
desk-letter-approve = ✅ Approve
desk-letter-refuse = ❌ Refuse
desk-letter-clarify = ❓ Ask
desk-letter-photos = 📎 { $number }: referral photos ({ $photos })
desk-letter-answer = ↩️ { $number }: the person's answer{ $photos ->
    [0] {""}
   *[other] {""} (photos: { $photos }, below)
}
    { $text }
desk-letter-answer-photos = 📎 { $number }: photos with the person's answer ({ $photos })
desk-letter-overdue = ⏰ { $number } has waited for a decision for { $hours ->
    [0] { $minutes } min
   *[other] { $hours } h
}. Please decide.
desk-letter-ended = ↩️ { $number }: { $status ->
    [withdrawn] request withdrawn — the policy changed holder.
   *[revoked] letter withdrawn — the policy changed holder.
}
desk-letter-removed = 📨 Guarantee letter { $number }: data erased at the person's request.
desk-letter-photos-removed = 📎 { $number }: referral photos removed after the decision.
desk-letter-ask-approve = Approving { $number }: reply to this message in one line — the letter's number; validity (days or the last date, { $days } by default, never before the service's date nor after the policy ends); limit — an amount; what is approved (up to 200 characters). All but the number are optional; an empty field keeps its default.
    For example: <code>GP-2026/17</code>, <code>GP-2026/17; 45; 150000</code> or <code>GP-2026/17;;5000; knee MRI</code>
desk-letter-ask-refuse = Refusing { $number }: write the reason as a reply to this message (up to { $max } characters) — the person will see it.
desk-letter-ask-clarify = Question on { $number }: write it as a reply to this message (up to { $max } characters) — it goes to the person.
desk-letter-approval-format = The approval of { $number } could not be read. One line: the letter's number; validity; limit; what is approved — for example <code>GP-2026/17; 30; 150000</code>. All but the number may be left out.
desk-letter-approval-number = The letter's number for { $number }: at least one digit; letters, digits and - / . — up to { $max } characters.
desk-letter-approval-days = Validity for { $number }: from 1 to { $max } days (or a date no further).
desk-letter-approval-validity = Validity for { $number }: a number of days (such as 30) or the last date (such as 31.01.2027).
desk-letter-approval-limit = Limit for { $number }: an amount, such as 150000 or 150 000,50 — or “-” for no limit.
desk-letter-approval-before-date = The validity of { $number } cannot end before the service's date, { $date }.
desk-letter-approval-after-policy = The validity of { $number } cannot run past the policy's end, { $end }.
desk-letter-approval-scope = "What is approved" for { $number }: up to { $max } characters, now { $length }.
desk-letter-text-expected = { $number } needs text: write it as a reply to the bot's message.
desk-letter-long = Too long: { $length } characters of { $max }. Please shorten it.
desk-letter-unknown = No such request.
desk-letter-decided = This request has been decided already.
desk-letter-approved = ✅ { $number } approved: letter No. { $letter } until { $valid_until } ({ $operator }). The person will get the PDF.
desk-letter-refused = ❌ { $number }: refused ({ $operator }). The person will get the reason.
desk-letter-asked = ❓ { $number }: question sent to the person ({ $operator }). The answer will come here.

## Guarantee letter (PDF)
letter-pdf-title = Guarantee letter No. { $letter }
letter-pdf-note = Guarantee letter from the DMS assistant, request { $number }; the insurer confirms it by the letter's number.
letter-pdf-issued = Issued
letter-pdf-insurer = Insurer
letter-pdf-clinic = Medical provider
letter-pdf-person = Insured person
letter-pdf-birth-date = Date of birth
letter-pdf-policy = Health (DMS) policy
letter-pdf-kind = Approved
letter-pdf-service = Prescribed
letter-pdf-date = { $kind ->
    [hospital] Admission date
   *[other] Date
}
letter-pdf-valid-until = Valid until
letter-pdf-limit = Limit
letter-pdf-no-limit = within the health programme
letter-pdf-request = Request
letter-pdf-scope = Approved scope
letter-pdf-terms-heading = Terms
letter-pdf-terms = { $insurer } guarantees payment for the medical care stated above within the insured person's health (DMS) programme and the letter's limit, when the care is given no later than { $valid_until }. Questions: { $phone }.

## Data export
profile-erase-letters = Guarantee letters and requests will be deleted: { $numbers }. Requests leave the operators' desk; letters already issued stay with the clinics.
data-section-letters = Guarantee letters
data-label-letter = Request
data-letter-kind = { $value ->
    [hospital] planned hospital stay
    [service] service at a clinic
   *[other] { $value }
}
data-letter-status = { $value ->
    [review] under review
    [clarify] more details needed
    [approved] approved
    [refused] refused
    [expired] expired
    [withdrawn] withdrawn
    [revoked] withdrawn
   *[other] { $value }
}
data-label-letter-number = Letter number
data-label-valid-until = Valid until
data-label-amount-limit = Limit
data-label-approved-scope = Approved scope
