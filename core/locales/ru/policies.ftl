## Мои полисы
menu-policies = 📄 Мои полисы
help-section-policies = • Мои полисы — полисы ДМС и ВЗР, программы и оказанные услуги
policies-title = добавление полиса
policies-empty = У вас пока нет привязанных полисов. Нажмите «Добавить полис» — понадобится номер полиса.
policies-list = <b>Ваши полисы</b>
policies-line = { $kind } № { $number }, { $start } — { $end }: { $state }
policies-button = { $kind } № { $number }
policies-add = ➕ Добавить полис
policy-kind-DMS = ДМС
policy-kind-VZR = ВЗР
policy-state-active = действует
policy-state-expired = истёк
policy-state-not-started = ещё не начался
policy-state-terminated = прекращён
policies-ask-number = Номер полиса — он есть на полисе или в письме от работодателя. Проверим его по вашим данным: { $name }, { $birth_date }.
policies-bad-number = Номер полиса — это буквы и цифры, от 3 до 40 знаков. Пробелы и дефисы можно не убирать.
policies-not-found = Полис с номером { $number } не найден. Проверьте номер — или позвоните на горячую линию: { $phone }.
policies-terminated = Полис { $number } прекращён, привязать его нельзя. Если это ошибка, позвоните на горячую линию: { $phone }.
policies-linked = ✅ Полис { $number } привязан.
policies-already = Этот полис уже привязан к вашему профилю.
policy-card = <b>{ $kind } № { $number }</b> — { $state }
    Программа: { $program }
    Срок: { $start } — { $end }
    Работодатель: { $employer }
    Франшиза: { $franchise }
policy-no-franchise = нет
policy-franchise-share = { $percent }% стоимости услуг
policy-program = 📋 Программа
policy-services = 🧾 Оказанные услуги
policy-back-card = ⬅️ К полису
policy-back = ⬅️ К полисам
policy-program-text = <b>{ $name }</b>

    { $description }

    <b>Что входит:</b>
    { $covers }
policy-program-unknown = Описание программы { $code } пока не загружено страховой компанией.
services-empty = По полису { $number } пока нет оказанных услуг.
services-page = <b>Оказанные услуги по полису { $number }</b> (стр. { $page } из { $pages })

    { $items }

    Всего услуг: { $count } на { $total } ₽
services-line = { $date } — { $clinic }: { $service }, { $cost } ₽
services-next = Дальше ▶️
services-prev = ◀️ Назад
policy-expiry = Полис { $number } заканчивается { $end } — через { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    }. Если работодатель продлит страховку, новый полис появится в «Мои полисы».

## Копия полиса (PDF)
policy-download = ⬇️ Скачать полис
policy-pdf-ready = Информационная копия полиса { $number }.
policy-pdf-consulate = Копия на латинице — для консульства.
pdf-title = Информационная копия полиса
pdf-holder = Застрахованный
pdf-birth-date = Дата рождения
pdf-number = Номер полиса
pdf-kind = Вид страхования
pdf-kind-DMS = Добровольное медицинское страхование (ДМС)
pdf-kind-VZR = Страхование выезжающих за рубеж (ВЗР)
pdf-term = Срок действия
pdf-program = Программа
pdf-employer = Страхователь
pdf-insurer = Страховщик
pdf-hotline = Горячая линия
pdf-email = Электронная почта
pdf-assistance = Помощь за рубежом
pdf-note = Информационная копия из ДМС-помощника; действующий полис подтверждается страховщиком по номеру.

## Полис сменил владельца
holder-policy-moved = Полис { $number } после проверки личности привязан к профилю его владельца и больше не виден в вашем кабинете. Ваше согласие на со-оплату по нему и предстоящие записи к врачам по нему больше не действуют, карта по нему не списывается. Если это ошибка, позвоните на горячую линию.
holder-policy-unlinked = Полис { $number } отвязан от вашего профиля страховой компанией. Ваше согласие на со-оплату по нему и предстоящие записи к врачам по нему больше не действуют, карта по нему не списывается. Если это ошибка, позвоните на горячую линию.
