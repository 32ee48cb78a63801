## Запись к врачу
booking-withdrawn = Клиника «{ $clinic }» отменила вашу запись: { $date } в { $time }, { $doctor }.
    Пожалуйста, выберите другое время.
booking-reminder = ⏰ Напоминание о записи к врачу.
    Когда: { $date } в { $time }
    Врач: { $doctor }, { SPECIALTY($specialty) }
    Где: { $clinic }, { $address }
booking-reminder-for = ⏰ Напоминание о записи к врачу.
    Пациент: { $patient }
    Когда: { $date } в { $time }
    Врач: { $doctor }, { SPECIALTY($specialty) }
    Где: { $clinic }, { $address }
booking-cancel = ❌ Отменить
booking-move = 🔁 Перенести
menu-booking = 🗓 Записаться
help-section-booking = • Записаться — к врачу клиники вашей программы: день в календаре, время, файл для календаря и напоминания
menu-visits = 📅 Мои записи
help-section-visits = • Мои записи — предстоящие и прошедшие записи к врачу; отмена и перенос
booking-title = запись к врачу
booking-choose-clinic = Выберите клинику с онлайн-записью. Можно отправить местоположение — покажу ближайшие — или написать часть названия или адреса.
booking-clinics-near = <b>Ближайшие клиники вашей программы с онлайн-записью</b>
booking-clinics-all = <b>Клиники вашей программы с онлайн-записью</b> (стр. { $page } из { $pages })
booking-clinics-none = Клиник с онлайн-записью по вашей программе не нашлось. Попробуйте другое название или отправьте местоположение.
booking-no-times = В клинике «{ $clinic }» сейчас нет свободного времени для онлайн-записи. { $call } Или выберите другую клинику.
booking-no-times-for = В клинике «{ $clinic }» нет свободного времени для онлайн-записи к специалисту «{ SPECIALTY($specialty) }». { $call }
booking-call-clinic = Записаться можно по телефону клиники: { $phone }.
booking-call-hotline = Записаться можно через горячую линию: { $phone }.
booking-choose-specialty = <b>{ $clinic }</b>. Какой врач нужен? Выберите специальность или напишите её.
booking-specialty-kept = <b>{ $clinic }</b> — { SPECIALTY($specialty) }, как в фильтре клиник.
booking-choose-doctor = Специальность: { SPECIALTY($specialty) }. Выберите врача или напишите фамилию.
booking-other-specialty = 🩺 Другая специальность
booking-choose-day = { $doctor }, { SPECIALTY($specialty) }. Выберите день: числами отмечены дни со свободным временем. Можно написать дату, например 25.11.
booking-choose-time = { $date }, свободное время у врача { $doctor }. Выберите или напишите, например 10:30.
booking-other-day = 📅 Другой день
booking-summary = <b>Проверьте запись</b>
    Клиника: { $clinic }
    Адрес: { $address }
    Врач: { $doctor }, { SPECIALTY($specialty) }
    Дата и время: { $date } в { $time }
    Полис: { $policy }
booking-confirm = ✅ Подтвердить
booking-other-time = 🕑 Другое время
booking-booked = ✅ Вы записаны к врачу.
    Когда: { $date } в { $time }
    Врач: { $doctor }, { SPECIALTY($specialty) }
    Где: { $clinic }, { $address }
    Напомню заранее. Отменить или перенести — в «📅 Мои записи».
booking-moved = ✅ Запись перенесена.
    Когда: { $date } в { $time }
    Врач: { $doctor }, { SPECIALTY($specialty) }
    Где: { $clinic }, { $address }
booking-ics-summary = Запись к врачу: { SPECIALTY($specialty) }, { $clinic }
booking-ics-description = Врач: { $doctor }. Запись через ДМС-помощник.
booking-ics-caption = Файл для календаря: откройте его, чтобы добавить запись в календарь.
booking-taken = Это время только что заняли. Свободное время на { $date } — ниже.
booking-taken-short = Это время уже заняли — выберите другое.
booking-taken-day-full = Это время только что заняли, и в этот день свободного времени больше нет. Выберите другой день.
booking-overlap = В это время у вас уже есть запись. Выберите другое время.
booking-gone = Это время больше недоступно для записи. Выберите другое.
booking-limit = У вас уже 5 предстоящих записей — больше нельзя. Отмените ненужную в «Мои записи».
booking-not-covered = Записаться нельзя: нет полиса ДМС, который действует в этот день и покрывает эту клинику.
booking-restart = Запись прервалась: клиника больше недоступна для онлайн-записи. Начните заново — «🗓 Записаться».
booking-stale = Эта кнопка уже не действует — выберите заново.
booking-bad-choice = Выберите вариант кнопкой или напишите его так, как на кнопке.
booking-bad-day = Напишите дату, например 25.11, или выберите день в календаре.
booking-day-full = На { $date } свободного времени нет. Выберите день, отмеченный в календаре числом.
booking-cell-empty = Выберите день, отмеченный числом: в эти дни есть свободное время.
booking-bad-time = Такого свободного времени нет. Выберите его кнопкой или напишите, например 10:30.
booking-bad-confirm = Нажмите «Подтвердить» — или «Другое время», чтобы выбрать иначе.
month-1 = Январь { $year }
month-2 = Февраль { $year }
month-3 = Март { $year }
month-4 = Апрель { $year }
month-5 = Май { $year }
month-6 = Июнь { $year }
month-7 = Июль { $year }
month-8 = Август { $year }
month-9 = Сентябрь { $year }
month-10 = Октябрь { $year }
month-11 = Ноябрь { $year }
month-12 = Декабрь { $year }
weekday-1 = Пн
weekday-2 = Вт
weekday-3 = Ср
weekday-4 = Чт
weekday-5 = Пт
weekday-6 = Сб
weekday-7 = Вс
visits-empty = Предстоящих записей нет. Записаться к врачу — «🗓 Записаться».
visits-list = <b>Ваши записи</b>

    { $items }
visits-line = { $date } в { $time } — { SPECIALTY($specialty) } ({ $doctor }), «{ $clinic }»{ $status }{ $flag }
visit-status-confirmed = {""}
visit-status-cancelled = , отменена
visit-status-rescheduled = , перенесена
visit-status-withdrawn = , отменена клиникой
visits-flag-policy = { "" }
    ⚠️ Полис не будет действовать в этот день — уточните на горячей линии.
visit-cancel = ❌ Отменить { $date } { $time }
visit-move = 🔁 Перенести { $date } { $time }
visits-past = 🕘 Прошедшие
visits-past-list = <b>Прошедшие записи</b>

    { $items }
visits-past-empty = Прошедших записей нет.
visit-cancel-ask = Отменить запись { $date } в { $time } — клиника «{ $clinic }», { $doctor }?
visit-cancel-yes = Да, отменить
visit-cancel-no = Нет, оставить
visit-cancelled = ✅ Запись отменена: { $date } в { $time }.
    Время освобождено, напоминаний не будет.
visit-move-lead = Перенос записи { $date } в { $time } ({ $doctor }): выберите новое время. Прежняя запись останется, пока вы не подтвердите новую.
visit-gone = Этой записи уже нет среди предстоящих — она отменена, перенесена или прошла.
booking-rebook = 🗓 Выбрать другое время
booking-clinic-new = Новая запись
booking-clinic-moved = Запись перенесена на это время (прежнее время освобождено)
booking-clinic-cancelled = Запись отменена пациентом
booking-clinic-released = Запись отменена (полис ДМС больше не закреплён за пациентом)
booking-clinic-subject = { $what }: { $date } { $time }, { $doctor }
booking-clinic-text = { $what } через ДМС-помощник.

    Дата и время: { $date } { $time }
    Специальность: { SPECIALTY($specialty) }
    Врач: { $doctor }
    Пациент: { $name }, { $birth_date }
    Полис ДМС: { $policy }

    Все записи — в выгрузке страховой компании (dmsbot export bookings).
booking-clinic-cancelled-nameless = Запись отменена
booking-clinic-text-nameless = { $what } через ДМС-помощник.

    Дата и время: { $date } { $time }
    Специальность: { SPECIALTY($specialty) }
    Врач: { $doctor }

    Все записи — в выгрузке страховой компании (dmsbot export bookings).
booking-ics-moved-caption =
    Файл для календаря: откройте его — запись в календаре переедет на новое время.
booking-ics-cancel-caption =
    Файл для календаря: откройте его, чтобы убрать запись из календаря.
booking-ics-organizer = ДМС-помощник
booking-withdrawn-ics =
    Клиника «{ $clinic }» отменила вашу запись: { $date } в { $time }, { $doctor }.
    Пожалуйста, выберите другое время.

    Файл для календаря: откройте его, чтобы убрать запись из календаря.
