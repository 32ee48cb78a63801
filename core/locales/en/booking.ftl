## Booking
booking-withdrawn = The clinic “{ $clinic }” has cancelled your visit: { $date } at { $time }, { $doctor }.
    Please choose another time.
booking-reminder = ⏰ A reminder of your visit to the doctor.
    When: { $date } at { $time }
    Doctor: { $doctor }, { SPECIALTY($specialty) }
    Where: { $clinic }, { $address }
booking-reminder-for = ⏰ A reminder of a visit to the doctor.
    Patient: { $patient }
    When: { $date } at { $time }
    Doctor: { $doctor }, { SPECIALTY($specialty) }
    Where: { $clinic }, { $address }
booking-cancel = ❌ Cancel
booking-move = 🔁 Reschedule
menu-booking = 🗓 Book a visit
help-section-booking = • Book a visit — a doctor at a clinic of your programme: a day in the calendar, a time, a calendar file and reminders
menu-visits = 📅 My visits
help-section-visits = • My visits — upcoming and past visits; cancel or reschedule
booking-title = booking a visit
booking-choose-clinic = Choose a clinic that takes online bookings. Send a location to see the nearest, or type part of a name or address.
booking-clinics-near = <b>The nearest clinics of your programme taking online bookings</b>
booking-clinics-all = <b>Clinics of your programme taking online bookings</b> (page { $page } of { $pages })
booking-clinics-none = No clinic of your programme takes online bookings there. Try another name or send a location.
booking-no-times = “{ $clinic }” has no free time for online booking now. { $call } Or choose another clinic.
booking-no-times-for = “{ $clinic }” has no free time for online booking in this specialty: { SPECIALTY($specialty) }. { $call }
booking-call-clinic = You can book by calling the clinic: { $phone }.
booking-call-hotline = You can book through the hotline: { $phone }.
booking-choose-specialty = <b>{ $clinic }</b>. Which doctor do you need? Choose a specialty or type it.
booking-specialty-kept = <b>{ $clinic }</b> — { SPECIALTY($specialty) }, as in the clinics filter.
booking-choose-doctor = Specialty: { SPECIALTY($specialty) }. Choose a doctor or type the surname.
booking-other-specialty = 🩺 Another specialty
booking-choose-day = { $doctor }, { SPECIALTY($specialty) }. Choose a day: days with free time show their numbers. You can also type a date such as 25.11.
booking-choose-time = { $date }, free times of { $doctor }. Choose one or type it, such as 10:30.
booking-other-day = 📅 Another day
booking-summary = <b>Check the visit</b>
    Clinic: { $clinic }
    Address: { $address }
    Doctor: { $doctor }, { SPECIALTY($specialty) }
    Date and time: { $date } at { $time }
    Policy: { $policy }
booking-confirm = ✅ Confirm
booking-other-time = 🕑 Another time
booking-booked = ✅ Your visit to the doctor is booked.
    When: { $date } at { $time }
    Doctor: { $doctor }, { SPECIALTY($specialty) }
    Where: { $clinic }, { $address }
    I will remind you. To cancel or reschedule, open “📅 My visits”.
booking-moved = ✅ Your visit is rescheduled.
    When: { $date } at { $time }
    Doctor: { $doctor }, { SPECIALTY($specialty) }
    Where: { $clinic }, { $address }
booking-ics-summary = Doctor's visit: { SPECIALTY($specialty) }, { $clinic }
booking-ics-description = Doctor: { $doctor }. Booked with the health insurance assistant.
booking-ics-caption = A calendar file: open it to add the visit to your calendar.
booking-taken = Someone has just taken this time. Free times on { $date } are below.
booking-taken-short = This time is taken already; please choose another.
booking-taken-day-full = Someone has just taken this time, and no free time is left that day. Please choose another day.
booking-overlap = You already have a visit at this time. Please choose another time.
booking-gone = This time can no longer be booked. Please choose another.
booking-limit = You already have 5 upcoming visits, the most allowed. Cancel one you do not need in “My visits”.
booking-not-covered = This cannot be booked: no health policy of yours is in force on that day and covers this clinic.
booking-restart = The booking stopped: the clinic no longer takes online bookings. Please start again with “🗓 Book a visit”.
booking-stale = This button no longer works; please choose again.
booking-bad-choice = Choose with a button, or type it as the button says.
booking-bad-day = Type a date such as 25.11, or choose a day in the calendar.
booking-day-full = There is no free time on { $date }. Choose a day that shows its number in the calendar.
booking-cell-empty = Choose a day marked with a number: those days have free times.
booking-bad-time = There is no such free time. Choose it with a button or type it, such as 10:30.
booking-bad-confirm = Press “Confirm”, or “Another time” to choose differently.
month-1 = January { $year }
month-2 = February { $year }
month-3 = March { $year }
month-4 = April { $year }
month-5 = May { $year }
month-6 = June { $year }
month-7 = July { $year }
month-8 = August { $year }
month-9 = September { $year }
month-10 = October { $year }
month-11 = November { $year }
month-12 = December { $year }
weekday-1 = Mo
weekday-2 = Tu
weekday-3 = We
weekday-4 = Th
weekday-5 = Fr
weekday-6 = Sa
weekday-7 = Su
visits-empty = No upcoming visits. To book one, press “🗓 Book a visit”.
visits-list = <b>Your visits</b>

    { $items }
visits-line = { $date } at { $time }, { SPECIALTY($specialty) } ({ $doctor }), “{ $clinic }”{ $status }{ $flag }
visit-status-confirmed = {""}
visit-status-cancelled = , cancelled
visit-status-rescheduled = , rescheduled
visit-status-withdrawn = , cancelled by the clinic
visits-flag-policy = { "" }
    ⚠️ Your policy will not be in force on that day: please ask the hotline.
visit-cancel = ❌ Cancel { $date } { $time }
visit-move = 🔁 Reschedule { $date } { $time }
visits-past = 🕘 Past visits
visits-past-list = <b>Past visits</b>

    { $items }
visits-past-empty = No past visits.
visit-cancel-ask = Cancel the visit on { $date } at { $time } at “{ $clinic }”, { $doctor }?
visit-cancel-yes = Yes, cancel
visit-cancel-no = No, keep it
visit-cancelled = ✅ Visit cancelled: { $date } at { $time }.
    The time is freed; there will be no reminders.
visit-move-lead = Rescheduling the visit on { $date } at { $time } ({ $doctor }): choose a new time. The old visit stays until you confirm the new one.
visit-gone = This visit is no longer among the upcoming ones: it was cancelled, rescheduled or has passed.
booking-rebook = 🗓 Choose another time
booking-clinic-new = New booking
booking-clinic-moved = A booking moved to this time (the previous time is free)
booking-clinic-cancelled = A booking cancelled by the patient
booking-clinic-released = A booking cancelled (the policy no longer belongs to the patient)
booking-clinic-subject = { $what }: { $date } { $time }, { $doctor }
booking-clinic-text = { $what } through the health insurance assistant.

    Date and time: { $date } { $time }
    Specialty: { SPECIALTY($specialty) }
    Doctor: { $doctor }
    Patient: { $name }, { $birth_date }
    Health policy: { $policy }

    All bookings are in the insurer's export (dmsbot export bookings).
booking-clinic-cancelled-nameless = A booking cancelled
booking-clinic-text-nameless = { $what } through the health insurance assistant.

    Date and time: { $date } { $time }
    Specialty: { SPECIALTY($specialty) }
    Doctor: { $doctor }

    All bookings are in the insurer's export (dmsbot export bookings).
booking-ics-moved-caption =
    A calendar file: open it to move the visit in your calendar to the new time.
booking-ics-cancel-caption =
    A calendar file: open it to remove the visit from your calendar.
booking-ics-organizer = Health insurance assistant
booking-withdrawn-ics =
    The clinic “{ $clinic }” has cancelled your visit: { $date } at { $time }, { $doctor }.
    Please choose another time.

    A calendar file: open it to remove the visit from your calendar.
