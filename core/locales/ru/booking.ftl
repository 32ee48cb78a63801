## Запись к врачу
booking-withdrawn = Клиника «{ $clinic }» отменила приём { $date } в { $time } ({ $doctor }). Запись снята — пожалуйста, выберите другое время.
booking-reminder = Напоминание: { $date } в { $time } — приём, { $specialty } ({ $doctor }), клиника «{ $clinic }», { $address }.
booking-cancel = ❌ Отменить
booking-move = 🔁 Перенести
