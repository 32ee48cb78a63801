## Регистрация
menu-signup = 📝 Регистрация
help-section-signup = • Регистрация — около минуты: согласия, почта, телефон, ФИО и документ
cmd-signup = Регистрация в кабинете
signup-title = регистрация

signup-terms = <b>Регистрация.</b> Сначала примите пользовательское соглашение (редакция { $version }).
signup-read-terms = 📄 Прочитать соглашение
signup-accept-terms = ✅ Принимаю соглашение
signup-personal-data = Отдельно нужно согласие на обработку персональных данных по закону 152-ФЗ (редакция { $version }).
signup-read-personal-data = 📄 Прочитать согласие
signup-accept-personal-data = ✅ Даю согласие
signup-need-consent = Без согласия регистрация невозможна. Прочитайте текст и нажмите кнопку с ✅ под ним — или /cancel, чтобы выйти.

signup-ask-email = Адрес электронной почты — на него придёт код подтверждения.
signup-bad-email = Это не похоже на адрес почты. Введите адрес целиком, например anna@example.ru
signup-email-sent = Отправил код на { $address }. Введите 6 цифр из письма — код действует { $minutes } мин.
signup-sms-sent = Отправил SMS с кодом на { $address }. Введите 6 цифр из SMS — код действует { $minutes } мин.
signup-resend = 🔁 Отправить код ещё раз
signup-other-email = ✏️ Другой адрес
signup-other-phone = ✏️ Другой номер
signup-code-format = Код — это 6 цифр. Введите их одним сообщением.
signup-code-wrong = Неверный код, { $left ->
        [one] осталась { $left } попытка
        [few] осталось { $left } попытки
       *[other] осталось { $left } попыток
    }.
signup-code-locked = Этот код больше не действует: слишком много неверных попыток. Нажмите «Отправить код ещё раз».
signup-code-expired = Срок действия кода истёк. Нажмите «Отправить код ещё раз».
signup-code-missing = Код ещё не отправлен. Нажмите «Отправить код ещё раз».
signup-resend-wait = Отправить код ещё раз можно через { $seconds } с.
signup-too-many = Слишком много кодов за последний час. Попробуйте через { $minutes } мин.
signup-sms-paused = SMS с кодами сейчас временно не отправляются — это ограничение для всех, дело не в вас. Попробуйте снова через { $minutes } мин. Если вопрос срочный, позвоните на горячую линию: { $phone }.
signup-mail-failed = Не получилось отправить письмо — похоже, почтовый сервер сейчас недоступен. Введённое сохранено: нажмите «Отправить код ещё раз» чуть позже.
signup-sms-failed = Не получилось отправить SMS. Введённое сохранено: нажмите «Отправить код ещё раз» чуть позже или введите другой номер.
signup-email-confirmed = ✅ Почта { $address } подтверждена.
signup-phone-confirmed = ✅ Телефон { $address } подтверждён.

signup-mail-subject = Код подтверждения для ДМС-помощника
signup-mail-text = Здравствуйте!

    Ваш код подтверждения: { $code }
    Он действует { $minutes } мин. Введите его в чате с ботом.

    Если вы не регистрировались в ДМС-помощнике, просто удалите это письмо. Никому не сообщайте код.

    { $insurer }
signup-mail-html = <p>Здравствуйте!</p><p>Ваш код подтверждения: <b style="font-size:1.4em;letter-spacing:0.15em">{ $code }</b><br>Он действует { $minutes } мин. Введите его в чате с ботом.</p><p>Если вы не регистрировались в ДМС-помощнике, просто удалите это письмо. Никому не сообщайте код.</p><p>{ $insurer }</p>
signup-sms-text = ДМС-помощник: код { $code }. Никому его не сообщайте.

signup-ask-phone = Номер телефона: нажмите «📱 Поделиться номером» внизу — или введите номер, и придёт SMS с кодом.
signup-share-phone = 📱 Поделиться номером
signup-contact-foreign = Это чужой контакт: так можно отправить только свой номер. Нажмите «📱 Поделиться номером» или введите свой номер.
signup-bad-phone = Не получилось разобрать номер. Введите его с кодом страны или с восьмёрки, например +7 999 123-45-67.

signup-ask-last-name = Фамилия — как в документе.
signup-ask-first-name = Имя.
signup-ask-middle-name = Отчество. Если его нет, нажмите «Нет отчества».
signup-no-middle-name = Нет отчества
signup-bad-name = Здесь нужны только буквы — можно дефис, апостроф и пробел, до 60 символов.

signup-ask-birth-date = Дата рождения, например 07.03.1990, 7.3.90 или 7 марта 1990.
signup-bad-birth-format = Не получилось прочитать дату. Напишите её так: 07.03.1990, 7.3.90 или 7 марта 1990.
signup-bad-birth-not-real = Такой даты нет в календаре. Проверьте день и месяц.
signup-bad-birth-future = Дата рождения не может быть в будущем.
signup-bad-birth-too-young = Зарегистрироваться в кабинете можно с 18 лет.
signup-bad-birth-too-old = Проверьте год: выходит больше 120 лет.

signup-ask-sex = Пол.
signup-sex-m = Мужской
signup-sex-f = Женский
signup-bad-sex = Выберите «Мужской» или «Женский».

signup-ask-document-type = Документ, удостоверяющий личность.
signup-doc-rf-passport = Паспорт РФ
signup-doc-rf-international = Загранпаспорт РФ
signup-doc-foreign = Паспорт иностранного гражданина
signup-bad-document-type = Выберите документ кнопкой ниже.
signup-ask-document-rf-passport = Серия и номер паспорта: 4 цифры серии и 6 цифр номера, например 45 10 123456.
signup-ask-document-rf-international = Серия и номер загранпаспорта: 2 цифры серии и 7 цифр номера, например 75 1234567.
signup-ask-document-foreign = Номер паспорта — от 1 до 20 букв и цифр, как в документе.
signup-bad-document-rf-passport = Нужно 10 цифр: 4 цифры серии и 6 цифр номера, например 45 10 123456.
signup-bad-document-rf-international = Нужно 9 цифр: 2 цифры серии и 7 цифр номера, например 75 1234567.
signup-bad-document-foreign = Нужно от 1 до 20 букв и цифр, без других знаков.

signup-summary = Проверьте данные:

    <b>Почта:</b> { $email }
    <b>Телефон:</b> { $phone }
    <b>Фамилия:</b> { $last_name }
    <b>Имя:</b> { $first_name }
    <b>Отчество:</b> { $middle_name }
    <b>Дата рождения:</b> { $birth_date }
    <b>Пол:</b> { $sex }
    <b>Документ:</b> { $document_type }, { $document }
signup-no-middle-name-shown = нет
signup-all-correct = ✅ Всё верно
signup-fix-email = ✏️ Почту
signup-fix-phone = ✏️ Телефон
signup-fix-last-name = ✏️ Фамилию
signup-fix-first-name = ✏️ Имя
signup-fix-middle-name = ✏️ Отчество
signup-fix-birth-date = ✏️ Дату рождения
signup-fix-sex = ✏️ Пол
signup-fix-document = ✏️ Документ
signup-summary-hint = Нажмите «Всё верно» или кнопку поля, которое нужно исправить.

signup-ask-pin = По желанию: придумайте PIN-код из 4–6 цифр. Он защитит ваш кабинет, если телефон попадёт в чужие руки. Сообщение с PIN я сразу удалю из чата.
signup-skip-pin = Пропустить
signup-bad-pin = PIN — это от 4 до 6 цифр. Или нажмите «Пропустить».
signup-repeat-pin = Повторите PIN.
signup-pin-mismatch = PIN-коды не совпали. Придумайте PIN ещё раз.
signup-done = 🎉 Готово, { $name }! Вы зарегистрированы.
    { $linked ->
        [true] Разделы кабинета — в меню ниже.
       *[false] Теперь привяжите полис: «{ menu-policies }» → «{ policies-add }», понадобится его номер.
    }
signup-already = Вы уже зарегистрированы.
signup-account-exists = Эту почту или этот телефон только что привязали к другой учётной записи. Исправьте почту или телефон — или позвоните на горячую линию: { $phone }.
signup-needed = Этот раздел откроется после регистрации — это около минуты.
signup-continue = ▶️ Продолжить регистрацию
signup-start = 📝 Зарегистрироваться
