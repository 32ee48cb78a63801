## Гарантийные письма
menu-letters = 📨 Гарантийное письмо
help-section-letters = • Гарантийное письмо — попросить страховую согласовать услугу или плановую госпитализацию в клинике программы ДМС
letters-title = запрос гарантийного письма
letters-kind = { $kind ->
    [hospital] плановая госпитализация
   *[service] услуга в клинике
}
letters-kind-service = 🩺 Услуга в клинике
letters-kind-hospital = 🏥 Плановая госпитализация
letters-status = { $status ->
    [review] на рассмотрении
    [clarify] нужно уточнение
    [approved] согласовано
    [refused] отказано
    [expired] истекло
    [withdrawn] отозвано
   *[revoked] отозвано
}
letters-section-empty = <b>Гарантийное письмо</b>
    Страховая согласует услугу или плановую госпитализацию в клинике вашей программы ДМС и выдаст гарантийное письмо — клиника примет вас без оплаты. Писем пока нет.
    Одновременно на рассмотрении может быть до { $max } запросов.
letters-section = <b>Мои письма</b> ({ $count }):
    { $lines }
    Нажмите на письмо, чтобы открыть его.
letters-line = • { $number } — { letters-kind }, { $clinic }: { letters-status }
letters-line-until = • { $number } — { letters-kind }, { $clinic }: { letters-status }, до { $valid_until }
letters-prev = ◀️ Назад
letters-next = Дальше ▶️
letters-new = ➕ Запросить письмо
letters-mine = 📨 Мои письма
letters-too-many = На рассмотрении уже { $max } ваших запроса — больше одновременно не принимаем, чтобы операторы успевали всем. Новый запрос можно будет отправить, когда по одному из них примут решение.
letters-no-policy = Гарантийное письмо выдаётся по действующему полису ДМС, а у вас такого сейчас нет. Добавить полис: /policies
letters-ask-policy = По какому полису нужно письмо? Выберите кнопкой или напишите номер полиса.
letters-policy-expected = Выберите полис кнопкой — или напишите его номер (или порядковый номер в списке: 1, 2…).
letters-policy-gone = Выбранный полис больше не действует.
letters-ask-kind = Полис { $policy }. Что нужно согласовать?
    1. Услугу в клинике (обследование, процедуру, лечение)
    2. Плановую госпитализацию
letters-kind-expected = Выберите кнопкой: «Услуга в клинике» или «Плановая госпитализация» (можно написать 1 или 2).
letters-ask-clinic-recent = { $kind ->
    [hospital] В какой больнице госпитализация?
   *[other] В какой клинике услуга?
} Клиники вашей программы, где вы недавно были:
    { $lines }
    Выберите кнопкой или номером — или напишите часть названия или адреса другой клиники.
letters-ask-clinic = { $kind ->
    [hospital] В какой больнице госпитализация?
   *[other] В какой клинике услуга?
} Напишите часть названия или адреса клиники — поищем среди клиник вашей программы.
letters-clinic-expected = Напишите хотя бы две буквы названия или адреса клиники — или выберите клинику кнопкой.
letters-clinic-long = Это слишком длинно для названия клиники: напишите его часть, до { $letters } символов.
letters-clinic-none = Среди клиник вашей программы по запросу «{ $query }» ничего не нашлось. Попробуйте другое слово.
letters-clinic-found = Нашлось клиник: { $count }. Выберите кнопкой или номером — или уточните запрос:
    { $lines }
letters-clinic-found-more = Нашлось клиник: { $count }, показаны первые { $shown }. Выберите кнопкой или номером — или уточните запрос:
    { $lines }
letters-ask-service = { $clinic }. { $kind ->
    [hospital] Что назначил врач: диагноз, отделение, операция или лечение?
   *[other] Что назначил врач: какая услуга, обследование или процедура?
} Напишите одним сообщением, до { $max } символов.
letters-service-first = Сначала напишите, что назначено, — фото направления можно будет добавить следующим шагом. Или отправьте фото с подписью: подпись станет текстом.
letters-service-expected = Напишите, что назначил врач, сообщением.
letters-service-menu-label = Это кнопка меню, а не назначение. Напишите, что назначил врач, — или /cancel, чтобы выйти без отправки.
letters-service-short = Слишком коротко — напишите хотя бы { $min } символа, чтобы оператор понял, что согласовать.
letters-service-long = Слишком длинно: { $length } { $length ->
    [one] символ
    [few] символа
   *[other] символов
} из { $max } возможных. Сократите, пожалуйста.
letters-ask-photos = Приложите фото направления врача — до { $max } фото. Если направления нет, нажмите «Без фото».
letters-photo-added = Фото { $count } из { $max } добавлено. Отправьте ещё — или нажмите «Готово».
letters-done = ✅ Готово
letters-no-photos = Без фото
letters-skip = Пропустить
letters-photo-bad-file = Нужна фотография или изображение (JPEG, PNG, HEIC, WebP) до 10 МБ.
letters-photo-too-many = Уже приложено { $max } фото — больше нельзя.
letters-photos-expected = Отправьте фото направления (до { $max }) — или нажмите «Готово» / «Без фото».
letters-ask-day = { $kind ->
    [hospital] Дата госпитализации?
   *[other] Когда нужна услуга?
} Выберите день в календаре или напишите дату (например, { $first }): с { $first } по { $last }.
letters-cell-empty = Выберите число в календаре — или напишите дату.
letters-day-expected = Не получилось прочитать дату. Выберите день в календаре или напишите дату, например 25.12.2026 или 25 декабря.
letters-day-past = Этот день уже прошёл — выберите день не раньше сегодняшнего.
letters-day-out-of-range = Эту дату выбрать нельзя: письмо можно запросить не дальше чем на 90 дней вперёд и не позже окончания полиса. Выберите день в календаре.
letters-summary = <b>Проверьте запрос</b>
    Полис: { $policy }
    Что: { letters-kind }
    { $kind ->
        [hospital] Больница
       *[other] Клиника
    }: { $clinic }
    Назначение: { $service }
    Фото направления: { $photos }
    { $kind ->
        [hospital] Дата госпитализации
       *[other] Дата
    }: { $date }

    Всё верно? Нажмите «Отправить» или напишите «да».
letters-send = 📨 Отправить
letters-cancel = ❌ Отменить
letters-summary-expected = Нажмите «Отправить» (или напишите «да») — или «Отменить».
letters-sent = ✅ Запрос <b>{ $number }</b> отправлен.
    Решение — в течение { $amount } { $unit ->
    [hours] { $amount ->
        [one] часа
       *[other] часов
    }
   *[minutes] { $amount ->
        [one] минуты
       *[other] минут
    }
}. Письмо придёт сюда, а запрос виден в «📨 Мои письма».
letters-sent-desk-off = ✅ Запрос <b>{ $number }</b> сохранён.
    Операторы сейчас не на связи, поэтому решение может занять больше времени, чем обычно. Ответ придёт сюда.
letters-no-longer = Этот запрос отправить уже нельзя: полис, клиника или дата больше не подходят. Начнём заново.
letters-cancelled = Запрос не отправлен.
letters-card = <b>{ $number }</b> — { letters-kind }
    Статус: { letters-status }
    Полис: { $policy }
    { $kind ->
        [hospital] Больница
       *[other] Клиника
    }: { $clinic }
    Назначение: { $service }
    { $kind ->
        [hospital] Дата госпитализации
       *[other] Дата
    }: { $date }
    Фото направления: { $photos }
letters-card-approved = Письмо № { $letter }, действует по { $valid_until }{ $limited ->
    [yes] , лимит { MONEY($limit) }
   *[no] {""}
}.
letters-card-reason = Причина отказа: { $reason }
letters-card-question = Вопрос оператора: { $question }
letters-pdf = 📄 Скачать письмо (PDF)
letters-answer = ✍️ Ответить
letters-back = ◀️ Мои письма
letters-reply-send = 📨 Отправить ответ
letters-not-yours = Это не ваше письмо.
letters-no-pdf = Письмо можно скачать, только пока оно согласовано и действует.
letters-pdf-file = garantiynoe-pismo-{ NUMBER($number, useGrouping: 0) }.pdf
letters-pdf-ready = 📄 Гарантийное письмо № { $letter } (запрос { $number }).
letters-not-awaiting = По запросу { $number } сейчас не ждут ответа.
letters-ask-answer = Вопрос оператора по запросу { $number }:
    { $question }
    Напишите ответ (до { $max } символов) и при необходимости приложите фото.
letters-answer-photos = Фото добавлено ({ $count } из { $max }). Напишите текст ответа — или нажмите «Отправить ответ».
letters-answer-expected = Напишите ответ по запросу { $number } (до { $max } символов) или отправьте фото.
letters-answer-sent = ✅ Ответ по запросу { $number } отправлен оператору.
letters-answer-long = Слишком длинный ответ: { $length } символов из { $max }. Сократите, пожалуйста.
letters-not-expected = Этот шаг ждёт текст или кнопку.
letters-open-one = 📨 Открыть запрос
letter-approved = ✅ Запрос <b>{ $number }</b> согласован: гарантийное письмо № { $letter }, действует по { $valid_until }.{ $scoped ->
        [yes] {" "}Согласовано: { $scope }.
       *[no] {""}
    }{ $mailed ->
        [yes] {" "}Мы отправили его и в клинику на почту; возьмите PDF с собой на всякий случай.
       *[no] {" "}Покажите этот PDF в регистратуре клиники: почты клиники у нас нет, сами мы его туда не отправляли.
    }
letter-refused = ❌ По запросу <b>{ $number }</b> отказано.
    Причина: { $reason }
letter-question = ❓ Оператору нужно уточнение по запросу <b>{ $number }</b>:
    { $question }
letter-expiring = ⏳ Гарантийное письмо № { $letter } (запрос { $number }) в { $clinic } действует по { $valid_until }. Если услуга ещё нужна — успейте до этой даты.
letter-withdrawn = Запрос <b>{ $number }</b> отозван: полис { $policy } больше не ваш.
letter-revoked = Гарантийное письмо по запросу <b>{ $number }</b> отозвано: полис { $policy } больше не ваш. Клиника предупреждена.
letter-clinic-subject = { $what ->
    [revoked] Отзыв гарантийного письма № { $letter }
   *[approved] Гарантийное письмо № { $letter }
}
letter-clinic-text = Здравствуйте!
    { $what ->
        [revoked] { $insurer } отзывает гарантийное письмо № { $letter }: оно больше не действует.
       *[approved] { $insurer } гарантирует оплату в рамках программы ДМС (письмо — во вложении, PDF):
    }
    Пациент: { $name }, { $birth_date }
    Полис: { $policy }
    { $kind ->
        [hospital] Плановая госпитализация
       *[other] Услуга
    }: { $service }
    Дата: { $date }
    Действует по: { $valid_until }
    Лимит: { $limit }
    Вопросы — по телефону { $phone }.
    Это письмо отправлено автоматически; запрос { $number }.

## Гарантийные письма на столе операторов
desk-letter = 📨 <b>Гарантийное письмо { $number }</b> — { letters-kind }
    Кто: { $name }, { $birth_date }{ $relation ->
        [spouse] {" "}{ desk-letter-member }
        [child] {" "}{ desk-letter-member }
        [parent] {" "}{ desk-letter-member }
       *[self] {""}
    }
    Связь: { $email }, { $phone } — подробнее: <code>/find #{ NUMBER($profile, useGrouping: 0) }</code>
    Полис: { $policy } (программа { $program })
    { $kind ->
        [hospital] Больница
       *[other] Клиника
    }: { $clinic }
    Назначение: { $service }
    { $kind ->
        [hospital] Дата госпитализации
       *[other] Дата
    }: { $date }
    Фото направления: { $photos ->
        [0] нет
       *[other] { $photos } (ниже)
    }

    Статус: { $status ->
        [review] 🆕 на рассмотрении
        [clarify] ❓ ждём ответа человека: { $question }
        [approved] ✅ согласовано: письмо № { $letter } по { $valid_until }{ $limit ->
            [0] {""}
           *[other] , лимит { MONEY($limit) }
        }
        [expired] ⌛ истекло: письмо № { $letter } по { $valid_until }
        [refused] ❌ отказано: { $reason }
        [withdrawn] ↩️ отозвано: полис сменил держателя
       *[revoked] ↩️ письмо № { $letter } отозвано: полис сменил держателя
    }
# Письмо для члена семьи: кто он владельцу кабинета и чей кабинет.
desk-letter-member = ({ family-relation }; кабинет: { $holder })
desk-kind-letter = гарантийное письмо
desk-letter-approve = ✅ Согласовать
desk-letter-refuse = ❌ Отказать
desk-letter-clarify = ❓ Уточнить
desk-letter-photos = 📎 { $number }: фото направления ({ $photos })
desk-letter-answer = ↩️ { $number }: ответ человека{ $photos ->
    [0] {""}
   *[other] {""} (фото: { $photos }, ниже)
}
    { $text }
desk-letter-answer-photos = 📎 { $number }: фото к ответу человека ({ $photos })
desk-letter-overdue = ⏰ { $number } ждёт решения уже { $hours ->
    [0] { $minutes } мин
   *[other] { $hours } ч
}. Решите, пожалуйста.
desk-letter-ended = ↩️ { $number }: { $status ->
    [withdrawn] запрос отозван — полис сменил держателя.
   *[revoked] письмо отозвано — полис сменил держателя.
}
desk-letter-removed = 📨 Гарантийное письмо { $number }: данные удалены по просьбе человека.
desk-letter-photos-removed = 📎 { $number }: фото направления убраны после решения.
desk-letter-ask-approve = Согласование { $number }: ответьте на это сообщение одной строкой — номер письма; срок (дней или последняя дата, по умолчанию { $days }, но не раньше даты услуги и не позже конца полиса); лимит — сумма; что согласовано (до 200 символов). Всё, кроме номера, необязательно; пустое поле — по умолчанию.
    Например: <code>ГП-2026/17</code>, <code>ГП-2026/17; 45; 150000</code> или <code>ГП-2026/17;;5000; МРТ коленного сустава</code>
desk-letter-ask-refuse = Отказ по { $number }: напишите причину ответом на это сообщение (до { $max } символов) — её увидит человек.
desk-letter-ask-clarify = Вопрос по { $number }: напишите его ответом на это сообщение (до { $max } символов) — он придёт человеку.
desk-letter-approval-format = Не получилось прочитать согласование { $number }. Одной строкой: номер письма; срок; лимит; что согласовано — например <code>ГП-2026/17; 30; 150000</code>. Всё, кроме номера, можно не писать.
desk-letter-approval-number = Номер письма для { $number }: хотя бы одна цифра; буквы, цифры и - / . — до { $max } символов.
desk-letter-approval-days = Срок для { $number }: от 1 до { $max } дней (или дата не дальше этого).
desk-letter-approval-validity = Срок для { $number }: число дней (например 30) или последняя дата (например 31.01.2027).
desk-letter-approval-limit = Лимит для { $number }: сумма, например 150000 или 150 000,50, — или «-», если лимита нет.
desk-letter-approval-before-date = Срок для { $number } не может кончиться раньше даты услуги — { $date }.
desk-letter-approval-after-policy = Срок для { $number } не может быть позже конца полиса — { $end }.
desk-letter-approval-scope = «Что согласовано» для { $number }: до { $max } символов, сейчас { $length }.
desk-letter-text-expected = Для { $number } нужен текст: напишите его ответом на сообщение бота.
desk-letter-long = Слишком длинно: { $length } символов из { $max }. Сократите, пожалуйста.
desk-letter-unknown = Такого запроса нет.
desk-letter-decided = По этому запросу уже принято решение.
desk-letter-approved = ✅ { $number } согласован: письмо № { $letter } по { $valid_until } ({ $operator }). Человек получит PDF.
desk-letter-refused = ❌ { $number }: отказано ({ $operator }). Человек получит причину.
desk-letter-asked = ❓ { $number }: вопрос отправлен человеку ({ $operator }). Ответ придёт сюда.

## Гарантийное письмо (PDF)
letter-pdf-title = Гарантийное письмо № { $letter }
letter-pdf-note = Гарантийное письмо из ДМС-помощника по запросу { $number }; подлинность подтверждается страховщиком по номеру письма.
letter-pdf-issued = Дата выдачи
letter-pdf-insurer = Страховщик
letter-pdf-clinic = Медицинская организация
letter-pdf-person = Застрахованный
letter-pdf-birth-date = Дата рождения
letter-pdf-policy = Полис ДМС
letter-pdf-kind = Что согласовано
letter-pdf-service = Назначение
letter-pdf-date = { $kind ->
    [hospital] Дата госпитализации
   *[other] Дата
}
letter-pdf-valid-until = Действует по
letter-pdf-limit = Лимит
letter-pdf-no-limit = в пределах программы ДМС
letter-pdf-request = Запрос
letter-pdf-scope = Объём согласования
letter-pdf-terms-heading = Условия
letter-pdf-terms = { $insurer } гарантирует оплату указанной медицинской помощи застрахованному в рамках программы ДМС и лимита письма, если помощь оказана не позже { $valid_until }. Вопросы — по телефону { $phone }.

## Выгрузка данных
profile-erase-letters = Будут удалены гарантийные письма и запросы: { $numbers }. Запросы уйдут со стола операторов; уже выданные письма останутся у клиник.
data-section-letters = Гарантийные письма
data-label-letter = Запрос
data-letter-kind = { $value ->
    [hospital] плановая госпитализация
    [service] услуга в клинике
   *[other] { $value }
}
data-letter-status = { $value ->
    [review] на рассмотрении
    [clarify] нужно уточнение
    [approved] согласовано
    [refused] отказано
    [expired] истекло
    [withdrawn] отозвано
    [revoked] отозвано
   *[other] { $value }
}
data-label-letter-number = Номер письма
data-label-valid-until = Действует по
data-label-amount-limit = Лимит
data-label-approved-scope = Что согласовано
