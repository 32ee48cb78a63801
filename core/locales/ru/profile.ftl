## Профиль и права на данные
menu-profile = 👤 Профиль
help-section-profile = • Профиль — ваши данные, PIN-код, часовой пояс, выгрузка и удаление данных
profile-title = профиль
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
profile-erase-ask = <b>Удалить все ваши данные?</b> Профиль, почта, телефон, документ, согласия и напоминания будут удалены, учётная запись закрыта; это необратимо. По закону останутся только обезличенные записи о данных когда-то согласиях и журнал действий. Это же — отзыв согласия на обработку персональных данных.
profile-erase-yes = 🗑 Да, удалить всё
profile-erase-no = Нет, оставить
profile-erase-word = удалить
profile-erase-kept = Хорошо, ничего не удалено.
profile-erase-done = Ваши данные удалены, учётная запись закрыта. Если захотите вернуться — просто зарегистрируйтесь заново.
profile-erase-hint = Нажмите «Да, удалить всё» или «Нет, оставить».
data-export-title = Данные, которые ДМС-помощник хранит о вас
data-export-when = Выгрузка от { $when } (UTC)
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
