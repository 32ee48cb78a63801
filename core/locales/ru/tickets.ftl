## Обращения: жалобы и благодарности
menu-tickets = ✉️ Обращения
help-section-tickets = • Обращения — пожаловаться или поблагодарить клинику; ответ оператора придёт сюда же
tickets-title = обращение
tickets-kind = { $kind ->
    [complaint] жалоба
   *[gratitude] благодарность
}
tickets-status = { $status ->
    [new] новое
    [in_progress] в работе
    [answered] отвечено
    [solved] решено
   *[closed] закрыто
}
tickets-section = <b>Обращения</b>
    Расскажите, что пошло не так, или поблагодарите клинику и врача. На каждое обращение отвечает оператор страховой компании.
tickets-complain = 😠 Пожаловаться
tickets-thank = 🙏 Поблагодарить
tickets-mine = 📂 Мои обращения
tickets-ask-clinic-recent = { $kind ->
    [complaint] О какой клинике жалоба?
   *[gratitude] Какую клинику благодарите?
} Выберите клинику, где вы недавно были, напишите часть названия или адреса — или нажмите «Без клиники».
tickets-ask-clinic = { $kind ->
    [complaint] О какой клинике жалоба?
   *[gratitude] Какую клинику благодарите?
} Напишите часть названия или адреса — или нажмите «Без клиники».
tickets-no-clinic = Без клиники
tickets-clinic-expected = Напишите хотя бы две буквы названия или адреса клиники — или нажмите «Без клиники».
tickets-clinic-long = Это слишком длинно для названия клиники: напишите его часть, до { $letters } символов, — или нажмите «Без клиники».
tickets-clinic-none = Клиник по запросу «{ $query }» не нашлось. Попробуйте другое слово — или нажмите «Без клиники».
tickets-clinic-found = Нашлось клиник: { $count }. Выберите кнопкой или уточните запрос:
    { $lines }
tickets-clinic-found-more = Нашлось клиник: { $count }, показаны первые { $shown }. Выберите кнопкой или уточните запрос:
    { $lines }
tickets-ask-text = { $kind ->
    [complaint] Опишите, что случилось: когда, с кем, что пошло не так.
   *[gratitude] Напишите, за что благодарите: врача, клинику, что понравилось.
} От { $min } до { $max } символов, одним сообщением.
tickets-text-short = Слишком коротко — напишите хотя бы { $min } символов, чтобы оператор понял, о чём речь.
tickets-text-long = Слишком длинно: { $length } { $length ->
    [one] символ
    [few] символа
   *[other] символов
} из { $max } возможных. Сократите, пожалуйста, — остальное можно дописать в обращение после отправки.
tickets-text-first = Сначала напишите текст обращения — фото можно будет добавить следующим шагом. Или отправьте фото с подписью: подпись станет текстом.
tickets-text-expected = Напишите текст обращения сообщением.
tickets-text-menu-label = Это кнопка меню, а не текст обращения. Напишите текст — или /cancel, чтобы выйти без отправки.
tickets-ask-photos = Можно приложить до { $max } фото: документы, чеки, снимки. Отправьте их сейчас — или нажмите «Готово», если фото нет.
tickets-photo-added = Фото { $count } из { $max } добавлено. Отправьте ещё — или нажмите «Готово».
tickets-done = ✅ Готово
tickets-no-photos = Без фото
tickets-photo-bad-file = Нужна фотография или изображение (JPEG, PNG, HEIC, WebP) до 10 МБ. Отправьте фото — или нажмите «Готово».
tickets-photo-too-many = Уже приложено { $max } фото — больше нельзя. Нажмите «Готово».
tickets-photos-expected = Отправьте фото (до { $max }) — или нажмите «Готово», если приложить нечего.
tickets-summary = <b>Проверьте обращение</b>
    Вид: { tickets-kind }
    Клиника: { $clinic }
    Фото: { $photos }

    { $text }
tickets-summary-no-clinic = без клиники
tickets-patient-line = 👤 Пациент: { $name } ({ family-relation }), { $birth_date }, полис: { $policies }
tickets-send = 📨 Отправить
tickets-edit-text = ✏️ Изменить текст
tickets-cancel = ❌ Отменить
tickets-summary-expected = Нажмите «Отправить», «Изменить текст» или «Отменить».
tickets-sent = ✅ Обращение <b>{ $number }</b> отправлено.
    Ответим в течение { $amount } { $unit ->
    [hours] { $amount ->
        [one] часа
       *[other] часов
    }
   *[minutes] { $amount ->
        [one] минуты
       *[other] минут
    }
}.
    Ответ придёт сюда, а обращение — в «📂 Мои обращения».
tickets-sent-desk-off = ✅ Обращение <b>{ $number }</b> сохранено.
    Операторы сейчас не на связи, поэтому ответ может занять больше времени, чем обычно.
    Ответ придёт сюда, а обращение — в «📂 Мои обращения».
tickets-cancelled = Обращение не отправлено.
tickets-limit = За последние сутки вы отправили { $max } обращений: больше от одного человека за сутки не принимаем, чтобы операторы успевали ответить всем. Новое обращение можно будет отправить { $day } после { $time }.
    Дополнить обращение, которое ещё открыто, можно и сейчас: «📂 Мои обращения» → обращение → «✍️ Написать ещё».
tickets-none = Обращений пока нет.
tickets-list = <b>Мои обращения</b> ({ $count }):
    { $lines }
tickets-line = • { $number } — { tickets-kind }, { $date }: { tickets-status }
tickets-prev = ◀️ Назад
tickets-next = Ещё ▶️
tickets-thread = <b>{ $number }</b> — { tickets-kind }, { $clinic }
    Статус: { tickets-status }
tickets-entry = { $author ->
    [operator] 💬 <b>Оператор</b>
   *[person] 👤 <b>Вы</b>
}, { $when }:
    { $text }{ $photos ->
        [0] {""}
       *[other] {" "}📎 фото: { $photos }
    }
tickets-write = ✍️ Написать ещё
tickets-back-to-list = 📂 К списку
tickets-ask-follow-up = Что добавить к обращению { $number }? Напишите сообщение (до { $max } символов) или отправьте фото.
tickets-follow-up-expected = Напишите сообщение (до { $max } символов) или отправьте фото.
tickets-follow-up-sent = ✅ Добавлено к обращению { $number }.
    Оператор увидит это сообщение.
tickets-closed-already = Обращение { $number } закрыто — в него больше нельзя написать. Если вопрос остался, создайте новое обращение.
tickets-not-yours = Это обращение недоступно.
tickets-open-one = 📂 Открыть обращение
ticket-answered = 💬 Ответ на обращение <b>{ $number }</b>:
    { $text }
ticket-closed = 🔒 Обращение <b>{ $number }</b> закрыто.
    Спасибо, что написали! Если вопрос остался — создайте новое обращение.

## Обращения на столе операторов
desk-ticket = { $kind ->
    [complaint] 😠 <b>Жалоба { $number }</b>
   *[gratitude] 🙏 <b>Благодарность { $number }</b>
}
    Кто: { $name }
    Связь: { $email }, { $phone } — подробнее: <code>/find #{ NUMBER($profile, useGrouping: 0) }</code>
    Полисы: { $policies }
    Клиника: { $clinic }
    Фото: { $photos ->
        [0] нет
       *[other] { $photos } (выше)
    }

    { $text }

    Статус: { $status ->
        [new] 🆕 новое
        [in_progress] 🛠 в работе — { $operator }
        [answered] ✅ отвечено — { $operator }
        [solved] ☑️ решено: человек сам отметил, что вопрос решён
       *[closed] 🔒 закрыто — { $operator }
    }
desk-ticket-take = 🛠 Взять в работу
desk-ticket-answer = 💬 Ответить
desk-ticket-close = 🔒 Закрыть
desk-ticket-rest = { $number }, продолжение текста:
    { $text }
desk-ticket-removed = ✉️ Обращение { $number }: данные удалены по просьбе человека.
desk-ticket-follow-up = ↩️ { $number }: человек дописал
    { $text }
desk-ticket-overdue = ⏰ { $number } ждёт ответа уже { $hours ->
    [0] { $minutes } мин
   *[other] { $hours } ч
}. Ответьте, пожалуйста.
desk-ticket-ask-answer = Ответ на { $number }: напишите его ответом на это сообщение (до { $max } символов).
desk-ticket-answer-text = Ответ — это текст: напишите его ответом на пост обращения.
desk-ticket-answer-long = Слишком длинный ответ: { $length } символов из { $max }. Сократите или разбейте на два ответа.
desk-ticket-unknown = Такого обращения нет.
desk-ticket-is-closed = Обращение уже закрыто.
desk-ticket-answered = ✅ Ответ на { $number } отправлен.
desk-ticket-take-done = { $number } — в работе у вас.
desk-ticket-answer-done = Напишите ответ на { $number }.
desk-ticket-close-done = { $number } закрыто.
desk-kind-ticket-complaint = жалоба
desk-kind-ticket-gratitude = благодарность

## «✅ Вопрос решён»: человек закрывает своё обращение сам
tickets-solved = ✅ Вопрос решён
tickets-solved-done = ✅ Обращение <b>{ $number }</b> закрыто: вы отметили, что вопрос решён.
    Спасибо, что написали! Если что-то ещё понадобится — создайте новое обращение.
