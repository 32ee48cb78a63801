## Профиль и права на данные
menu-profile = 👤 Профиль
help-section-profile = • Профиль — ваши данные, PIN-код, часовой пояс, выгрузка и удаление данных
profile-title = изменение профиля
profile-card = <b>Ваш профиль</b>

    <b>ФИО:</b> { $name }
    <b>Дата рождения:</b> { $birth_date }
    <b>Пол:</b> { $sex }
    <b>Почта:</b> { $email }
    <b>Телефон:</b> { $phone }
    <b>Документ:</b> { $document_type }, { $document }
    <b>PIN-код:</b> { $pin }
    <b>Часовой пояс:</b> { $zone }
profile-pin-on = установлен
profile-pin-off = не установлен
profile-show-document = 👁 Документ полностью
profile-pin = 🔐 PIN-код
profile-zone = 🕐 Часовой пояс
profile-export = 📦 Выгрузить мои данные
profile-erase = 🗑 Удалить мои данные
profile-document-full = Документ полностью — { $document_type }: <code>{ $document }</code>
profile-enter-pin = Введите PIN-код. Сообщение с ним я сразу удалю.
profile-pin-wrong = Неверный PIN-код, { $left ->
        [one] осталась { $left } попытка
        [few] осталось { $left } попытки
       *[other] осталось { $left } попыток
    }.
profile-pin-locked = PIN-код заблокирован после неверных попыток — до { $until }. Каждая следующая блокировка дольше: 15 минут, час, сутки. Верный PIN-код снова даёт пять попыток.
profile-pin-expected = Введите PIN-код цифрами — или /cancel.
profile-pin-menu = PIN-код установлен. Его спрашивают, чтобы показать документ полностью, выгрузить или удалить ваши данные, сменить почту или телефон, привязать новую карту вместо привязанной, отвязать карту и восстановить доступ.
profile-pin-change = Сменить PIN
profile-pin-remove = Убрать PIN
profile-pin-new = Придумайте PIN-код из 4–6 цифр. Сообщение с ним я сразу удалю.
profile-pin-bad = PIN — это от 4 до 6 цифр.
profile-pin-repeat = Повторите PIN-код.
profile-pin-mismatch = PIN-коды не совпали. Придумайте PIN-код ещё раз.
profile-pin-set = ✅ PIN-код сохранён.
profile-pin-removed = PIN-код убран.
profile-zone-ask = Сейчас: { $zone }. Выберите часовой пояс или напишите город, например Новосибирск, или название пояса, например Asia/Yekaterinburg. По нему приходят напоминания и ждут ночные сообщения.
profile-zone-bad = Не знаю такого часового пояса. Выберите кнопкой, напишите крупный город рядом, например Самара, или название вида Europe/Samara.
profile-zone-set = ✅ Часовой пояс: { $zone }.
profile-export-ready = Всё, что мы храним о вас: файл JSON для программ и страница HTML, которую можно открыть в браузере.
profile-erase-ask = <b>Удалить все ваши данные?</b>
    Удалим профиль, почту, телефон, документ, согласия и напоминания и закроем учётную запись. Это необратимо.
    Удаление — это и отзыв согласия на обработку персональных данных.
    По закону останутся только обезличенные записи о когда-то данных согласиях и журнал действий.
profile-erase-visits = Будут отменены ваши предстоящие записи — клиники получат уведомление об отмене:
profile-erase-visit = • { $date } в { $time } — { $clinic }
profile-erase-tickets = Будут удалены открытые обращения — ответа по ним уже не будет:
profile-erase-ticket = • { $number } — { tickets-kind }, { $clinic }
profile-erase-ticket-no-clinic = • { $number } — { tickets-kind }
profile-erase-tickets-more = • и ещё { $count }
profile-erase-visit-cancelled = Запись { $date } в { $time } — { $clinic } — отменена. Откройте файл, чтобы убрать её из календаря.
profile-erase-yes = 🗑 Да, удалить всё
profile-erase-no = Нет, оставить
profile-erase-word = удалить
profile-erase-kept = Хорошо, ничего не удалено.
profile-erase-done = Ваши данные удалены, учётная запись закрыта. Если захотите вернуться — просто зарегистрируйтесь заново.
profile-erase-hint = Нажмите «Да, удалить всё» или «Нет, оставить».
data-export-title = Данные, которые ДМС-помощник хранит о вас
data-export-when = Выгрузка от { $when }. Время указано по часовому поясу { $zone }.
data-none = —
data-yes = да
data-no = нет
data-label-when = Когда
data-label-status = Состояние
data-label-policy = Полис
data-label-clinic = Клиника
data-label-text = Текст
data-label-language = Язык
data-label-time-zone = Часовой пояс
data-label-first-seen = Впервые написали боту
data-label-last-name = Фамилия
data-label-first-name = Имя
data-label-middle-name = Отчество
data-label-birth-date = Дата рождения
data-label-sex = Пол
data-label-email = Электронная почта
data-label-phone = Телефон
data-label-document-type = Документ
data-label-document = Серия и номер документа
data-label-pin = PIN-код задан
data-label-signed-up = Регистрация
data-label-number = Номер
data-label-for = Для кого
data-label-relation = Кем вам приходится
data-label-policies = Полисы
data-label-kind = Вид
data-label-program = Программа
data-label-start = Начало
data-label-end = Окончание
data-label-employer = Работодатель
data-label-terminated = Прекращён
data-label-date = Дата
data-label-service = Услуга
data-label-cost = Стоимость
data-label-place = Место
data-label-lat = Широта
data-label-lon = Долгота
data-label-saved-at = Сохранено
data-label-visit-at = Время визита
data-label-specialty = Специальность
data-label-doctor = Врач
data-label-booked-at = Записались
data-label-ticket = Обращение
data-label-author = Кто написал
data-label-photos = Фотографий
data-label-submitted-at = Отправлена
data-label-decided-at = Решение
data-label-reason = Причина отказа
data-label-photos-kept = Фотографий хранится
data-label-brand = Платёжная система
data-label-last4 = Карта, последние цифры
data-label-expiry = Действует до
data-label-bound-at = Привязана
data-label-consented-at = Согласие дано
data-label-stage = Этап
data-label-service-ref = Услуга (номер у страховщика)
data-label-amount = Сумма
data-label-percent = Доля, %
data-label-consent = Документ
data-label-version = Редакция
data-label-accepted-at = Принято
data-label-to = Кому
data-label-subject = Тема
data-label-action = Действие
data-visit-status = { $value ->
    [confirmed] подтверждена
    [cancelled] отменена
    [rescheduled] перенесена
    [withdrawn] отменена клиникой
   *[other] { $value }
}
data-ticket-kind = { $value ->
    [complaint] жалоба
    [gratitude] благодарность
   *[other] { $value }
}
data-ticket-status = { $value ->
    [new] новое
    [in_progress] в работе
    [answered] отвечено
    [solved] решено
    [closed] закрыто
   *[other] { $value }
}
data-ticket-author = { $value ->
    [person] вы
    [operator] оператор
   *[other] { $value }
}
data-check-status = { $value ->
    [pending] на рассмотрении
    [approved] одобрена
    [rejected] отклонена
   *[other] { $value }
}
data-franchise-stage = { $value ->
    [none] не оформлена
    [consented] условия приняты
    [card_bound] карта привязана
    [clinics] клиники доступны
    [active] активна
   *[other] { $value }
}
data-charge-status = { $kind ->
    [refund] возврат: { $value ->
        [paid] возвращено
        [cancelled] отменён
       *[other] ожидается
    }
   *[other] { $value ->
        [paid] оплачено
        [pending] ожидает
        [charging] списывается
        [declined] отклонено банком
        [awaiting] ожидает оплаты
        [replaced] заменено пересчётом
        [cancelled] отменено
       *[other] { $value }
    }
}
data-consent-document = { $value ->
    [terms] пользовательское соглашение
    [personal-data] согласие на обработку персональных данных
    [biometrics] согласие на обработку биометрических данных
   *[other] { $value }
}
data-message-status = { $value ->
    [pending] ожидает отправки
    [sent] отправлено
    [cancelled] отменено
    [dropped] не отправлено: устарело
    [failed] не доставлено
   *[other] { $value }
}
data-audit-action = { $value ->
    [access-recovered] доступ восстановлен
    [card-binding_started] начата привязка карты
    [card-bound] карта привязана
    [card-declined] карта отклонена
    [card-refused_frozen] привязка карты отклонена: профиль заморожен
    [card-unbound] карта отвязана
    [data-erase] данные удалены
    [data-export] данные выгружены
    [franchise-consented] приняты условия франшизы
    [franchise-started] франшиза оформлена
    [identity-submitted] отправлена проверка личности
    [passport-full_view] документ показан полностью
    [pin-remove] PIN-код убран
    [pin-set] PIN-код задан
    [pin-wrong] неверный PIN-код
    [policy-linked] полис привязан
    [policy-lookup] поиск полиса по номеру
    [policy-mismatch] данные полиса не совпали с профилем
    [profile-contacts] изменены почта или телефон
    [recovery-card_wrong] неверные данные карты при восстановлении
    [recovery-disputed] «Это не я» после восстановления
    [ticket-follow_up] дополнение к обращению
    [ticket-solved] обращение отмечено решённым
    [ticket-submitted] обращение отправлено
    [letter-requested] запрошено гарантийное письмо
    [letter-answered] ответ на вопрос по гарантийному письму
    [abroad-submitted] отправлен запрос помощи за рубежом
    [abroad-added] дополнение к запросу помощи за рубежом
    [claim-submitted] заявление на возмещение отправлено
    [claim-answered] ответ по заявлению на возмещение отправлен
   *[other] { $value }
}
data-section-account = Аккаунт Telegram
data-section-profile = Профиль
data-section-places = Сохранённые места
data-section-visits = Записи к врачу
data-section-tickets = Обращения
data-section-identity = Проверки личности
data-section-card = Карта
data-section-franchises = Франшизы
data-section-charges = Списания по франшизе
data-section-consents = Согласия
data-section-messages = Сообщения и напоминания
data-section-clinic-mail = Письма клиникам о ваших записях
data-section-audit = Журнал действий
profile-edit = ✏️ Изменить данные
profile-edit-which = Что изменить? Новые почту или телефон нужно будет подтвердить кодом.
profile-saved = ✅ Изменения сохранены. Профиль: /profile
profile-language = 🌐 Язык
profile-withdraw = Отозвать согласие
data-section-policies = Полисы
data-section-services = Оказанные услуги
data-section-family = Члены семьи на ваших полисах
