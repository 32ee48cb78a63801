## Booking
booking-withdrawn = The clinic “{ $clinic }” has cancelled the appointment on { $date } at { $time } ({ $doctor }). The visit is removed; please choose another time.
booking-reminder = Reminder: { $date } at { $time }, an appointment, { $specialty } ({ $doctor }), clinic “{ $clinic }”, { $address }.
booking-cancel = ❌ Cancel
booking-move = 🔁 Reschedule
