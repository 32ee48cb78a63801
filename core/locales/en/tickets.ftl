## Requests: complaints and thanks
menu-tickets = ✉️ Requests
help-section-tickets = • Requests — complain about or thank a clinic; the operator's answer arrives here
tickets-title = a request
tickets-kind = { $kind ->
    [complaint] complaint
   *[gratitude] thanks
}
tickets-status = { $status ->
    [new] new
    [in_progress] in progress
    [answered] answered
    [solved] solved
   *[closed] closed
}
tickets-section = <b>Requests</b>
    Tell us what went wrong, or thank a clinic and a doctor. Every request is answered by an operator of the insurer.
tickets-complain = 😠 Complain
tickets-thank = 🙏 Say thanks
tickets-mine = 📂 My requests
tickets-ask-clinic-recent = { $kind ->
    [complaint] Which clinic is the complaint about?
   *[gratitude] Which clinic would you like to thank?
} Choose a clinic you have been to lately, type part of a name or address — or press “No clinic”.
tickets-ask-clinic = { $kind ->
    [complaint] Which clinic is the complaint about?
   *[gratitude] Which clinic would you like to thank?
} Type part of its name or address — or press “No clinic”.
tickets-no-clinic = No clinic
tickets-clinic-expected = Type at least two letters of the clinic's name or address — or press “No clinic”.
tickets-clinic-long = That is too long for a clinic's name: type part of it, up to { $letters } characters, or press “No clinic”.
tickets-clinic-none = No clinic matches “{ $query }”. Try another word — or press “No clinic”.
tickets-clinic-found = Clinics found: { $count }. Choose one with a button or refine your search:
    { $lines }
tickets-clinic-found-more = Clinics found: { $count }, the first { $shown } shown. Choose one with a button or refine your search:
    { $lines }
tickets-ask-text = { $kind ->
    [complaint] Describe what happened: when, who, what went wrong.
   *[gratitude] Write what you are thankful for: the doctor, the clinic, what you liked.
} { $min } to { $max } characters, in one message.
tickets-text-short = That is too short — please write at least { $min } characters so the operator understands.
tickets-text-long = That is too long: { $length } characters of { $max }. Please shorten it — you can add more to the request after sending it.
tickets-text-first = Please write the text first — photos come in the next step. Or send a photo with a caption: the caption becomes the text.
tickets-text-expected = Please send the text of your request as a message.
tickets-text-menu-label = That is a menu button, not the text of your request. Write the text — or /cancel to leave without sending.
tickets-ask-photos = You may attach up to { $max } photos: documents, receipts, pictures. Send them now — or press “Done” if you have none.
tickets-photo-added = Photo { $count } of { $max } added. Send another — or press “Done”.
tickets-done = ✅ Done
tickets-no-photos = No photos
tickets-photo-bad-file = Please send a photo or an image (JPEG, PNG, HEIC, WebP) up to 10 MB — or press “Done”.
tickets-photo-too-many = { $max } photos are attached already — that is the limit. Press “Done”.
tickets-photos-expected = Send photos (up to { $max }) — or press “Done” if there is nothing to attach.
tickets-summary = <b>Check your request</b>
    Type: { tickets-kind }
    Clinic: { $clinic }
    Photos: { $photos }

    { $text }
tickets-summary-no-clinic = no clinic
tickets-patient-line = 👤 Patient: { $name } ({ family-relation }), born { $birth_date }, policy: { $policies }
tickets-send = 📨 Send
tickets-edit-text = ✏️ Edit the text
tickets-cancel = ❌ Cancel
tickets-summary-expected = Press “Send”, “Edit the text” or “Cancel”.
tickets-sent = ✅ Request <b>{ $number }</b> sent.
    We will answer within { $amount } { $unit ->
    [hours] { $amount ->
        [one] hour
       *[other] hours
    }
   *[minutes] { $amount ->
        [one] minute
       *[other] minutes
    }
}.
    The answer will arrive here; the request is in “📂 My requests”.
tickets-sent-desk-off = ✅ Request <b>{ $number }</b> saved.
    Our operators are not available right now, so the answer may take longer than usual.
    It will arrive here; the request is in “📂 My requests”.
tickets-cancelled = The request was not sent.
tickets-limit = You have sent { $max } requests in the last 24 hours: we take no more from one person in a day, so that the operators can answer everyone. You can send a new request on { $day } after { $time }.
    You can add to a request that is still open right now: “📂 My requests” → the request → “✍️ Add a message”.
tickets-none = No requests yet.
tickets-list = <b>My requests</b> ({ $count }):
    { $lines }
tickets-line = • { $number } — { tickets-kind }, { $date }: { tickets-status }
tickets-prev = ◀️ Back
tickets-next = More ▶️
tickets-thread = <b>{ $number }</b> — { tickets-kind }, { $clinic }
    Status: { tickets-status }
tickets-entry = { $author ->
    [operator] 💬 <b>Operator</b>
   *[person] 👤 <b>You</b>
}, { $when }:
    { $text }{ $photos ->
        [0] {""}
       *[other] {" "}📎 photos: { $photos }
    }
tickets-write = ✍️ Add a message
tickets-back-to-list = 📂 Back to the list
tickets-ask-follow-up = What would you like to add to request { $number }? Write a message (up to { $max } characters) or send a photo.
tickets-follow-up-expected = Write a message (up to { $max } characters) or send a photo.
tickets-follow-up-sent = ✅ Added to request { $number }.
    The operator will see it.
tickets-closed-already = Request { $number } is closed — nothing more can be added. If something is still wrong, please create a new request.
tickets-not-yours = This request is not available.
tickets-open-one = 📂 Open the request
ticket-answered = 💬 Answer to your request <b>{ $number }</b>:
    { $text }
ticket-closed = 🔒 Request <b>{ $number }</b> is closed.
    Thank you for writing! If something is still wrong, please create a new request.

## Requests on the operators' desk
desk-ticket = { $kind ->
    [complaint] 😠 <b>Complaint { $number }</b>
   *[gratitude] 🙏 <b>Thanks { $number }</b>
}
    From: { $name }
    Contact: { $email }, { $phone } — details: <code>/find #{ NUMBER($profile, useGrouping: 0) }</code>
    Policies: { $policies }
    Clinic: { $clinic }
    Photos: { $photos ->
        [0] none
       *[other] { $photos } (above)
    }

    { $text }

    Status: { $status ->
        [new] 🆕 new
        [in_progress] 🛠 in progress — { $operator }
        [answered] ✅ answered — { $operator }
        [solved] ☑️ solved: the person marked the question solved
       *[closed] 🔒 closed — { $operator }
    }
desk-ticket-take = 🛠 Take it
desk-ticket-answer = 💬 Answer
desk-ticket-close = 🔒 Close
desk-ticket-rest = { $number }, the rest of the text:
    { $text }
desk-ticket-removed = ✉️ Request { $number }: its data were removed at the person's request.
desk-ticket-follow-up = ↩️ { $number }: the person added
    { $text }
desk-ticket-overdue = ⏰ { $number } has waited for an answer for { $hours ->
    [0] { $minutes } min
   *[other] { $hours } h
}. Please answer it.
desk-ticket-ask-answer = Answer to { $number }: write it as a reply to this message (up to { $max } characters).
desk-ticket-answer-text = An answer is text: write it as a reply to the request's post.
desk-ticket-answer-long = The answer is too long: { $length } characters of { $max }. Shorten it or split it in two.
desk-ticket-unknown = There is no such request.
desk-ticket-is-closed = The request is closed already.
desk-ticket-answered = ✅ The answer to { $number } has been sent.
desk-ticket-take-done = { $number } is now yours.
desk-ticket-answer-done = Write the answer to { $number }.
desk-ticket-close-done = { $number } closed.
desk-kind-ticket-complaint = complaint
desk-kind-ticket-gratitude = thanks

## «✅ Question solved»: the person closes their own request
tickets-solved = ✅ Question solved
tickets-solved-done = ✅ Request <b>{ $number }</b> is closed: you marked the question solved.
    Thank you for writing! If you need anything else, please create a new request.
