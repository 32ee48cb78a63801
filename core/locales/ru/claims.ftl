## «💸 Возмещение»: возмещение расходов на лечение, оплаченное самим человеком
menu-claims = 💸 Возмещение
help-section-claims = • Возмещение — вернуть деньги за лечение, которое вы оплатили сами по ДМС или ВЗР
claims-title = заявление на возмещение
claims-section = <b>Возмещение расходов</b>
    Оплатили лечение сами? Пришлите чеки и медицинские документы — страховая компания рассмотрит заявление и переведёт деньги на ваш счёт.
    Заявление можно подать по полису, который действует или закончился не более 90 дней назад, за помощь, полученную в пределах срока полиса не раньше чем 90 дней назад.
claims-new = ➕ Новое заявление
claims-mine = 📂 Мои возмещения
claims-not-applicable = Заявление на возмещение подают по полису, который действует или закончился не более 90 дней назад. Такого полиса у вас сейчас нет — привяжите его в «{ menu-policies }».
claims-no-policy = Нет полиса, по которому можно подать заявление: он должен действовать или закончиться не более 90 дней назад. Привяжите полис в «{ menu-policies }».
claims-limit = У вас уже { $max } { $max ->
        [one] заявление
        [few] заявления
       *[many] заявлений
    } на рассмотрении. Новое можно подать, когда по одному из них будет решение.
claims-not-claimable = Заявление не отправлено: полис больше не ваш или по нему уже нельзя подать заявление на эту дату. Проверьте полисы в «{ menu-policies }».

## Шаги заявления
claims-ask-policy = По какому полису заявление? Выберите полис или напишите его номер.
claims-policy-button = { $number } · { $kind ->
        [VZR] ВЗР
       *[DMS] ДМС
    }
claims-policy-chosen = Полис: <b>{ $number }</b>
claims-policy-expected = Такого полиса нет среди тех, по которым можно подать заявление.
claims-ask-date = Когда вам оказали помощь? Напишите дату с { $first } по { $last }, например { $last }.
claims-today = Сегодня
claims-yesterday = Вчера
claims-date-expected = Не похоже на дату. Напишите, например, 14.11.2026 или «14 ноября 2026».
claims-date-no-such-day = Такого дня нет в календаре — проверьте число и месяц.
claims-date-future = Эта дата ещё не наступила.
claims-date-outside = В этот день полис не действовал.
claims-date-old = Прошло больше 90 дней: за эту помощь заявление уже не подать.
claims-ask-care = Какая это была помощь? Выберите или напишите: приём врача, анализы, лекарства…
claims-care-doctor = Приём врача
claims-care-tests = Анализы и диагностика
claims-care-medicines = Лекарства
claims-care-hospital = Стационар
claims-care-dental = Стоматология
claims-care-emergency = Скорая / неотложная
claims-care-other = Другое
claims-ask-amount = { $kind ->
        [VZR] Сколько вы заплатили? Напишите сумму с валютой, например «120,50 €», «120.5 EUR» или «80 USD».
       *[DMS] Сколько вы заплатили? Напишите сумму, например «12 500» или «12 500,50».
    }
claims-amount-unreadable = Не понял сумму. { $kind ->
        [VZR] Напишите, например, «120,50 €» или «120.5 EUR».
       *[DMS] Напишите, например, «12 500» или «12 500,50».
    }
claims-currency-unknown = Не знаю такой валюты. Напишите её код из трёх букв, например «120 EUR», «80 USD», «3000 TRY».
claims-currency-roubles-only = По полису ДМС расходы возмещают только в российской валюте. Напишите сумму без валюты, например «12 500».
claims-currency-needed = Укажите валюту, например «120,50 €», «120 EUR» или «80 USD».
claims-currency-other = Сумма должна быть в валюте заявления.
claims-amount-fraction = Слишком много знаков после запятой — в этой валюте столько нет.
claims-amount-zero = Сумма должна быть больше нуля.
claims-amount-too-big = Слишком большая сумма: по одному заявлению — не больше { MONEY($max, $currency) }. Проверьте, нет ли лишних нулей.
claims-ask-photos = Пришлите фото чеков и медицинских документов (выписка, назначение, рецепт) — от 1 до { $max }. Можно альбомом.
claims-photo-added = Фото { $count } из { $max } добавлено. Пришлите ещё — или нажмите «Готово».
claims-done = ✅ Готово
claims-photo-bad-file = Нужна фотография или изображение (JPEG, PNG) до 10 МБ.
claims-photo-too-many = Больше { $max } фото приложить нельзя.
claims-photos-first = Сначала пришлите хотя бы одно фото чека или документа.
claims-photos-expected = Пришлите фото чеков и документов (до { $max }) — или нажмите «Готово», когда всё.
claims-ask-bic = Куда перевести деньги? Напишите БИК банка — 9 цифр, начинается с 04. Он есть в реквизитах счёта в приложении банка.
claims-bic-digits = БИК — это 9 цифр, например 044525225.
claims-bic-format = БИК российского банка начинается с 04. Проверьте его в реквизитах счёта.
claims-ask-account = Номер счёта получателя в банке с БИК { $bic } — 20 цифр (не номер карты).
claims-account-digits = Номер счёта — 20 цифр, например 40817 810 0 9999 1234567. Номер карты не подойдёт.
claims-account-key = Номер счёта не сходится с БИК { $bic }: не совпадает контрольная цифра счёта (его 9-я цифра). Проверьте номер счёта, а если ошибка в БИК — нажмите «Изменить БИК».
claims-ask-name = ФИО получателя — как у владельца счёта в банке.
claims-name-long = Слишком длинно — напишите только фамилию, имя и отчество.
claims-name-words = Напишите фамилию и имя (и отчество, если есть) буквами, например «Петрова Анна Сергеевна».
claims-summary = <b>Проверьте заявление</b>
    Полис: { $policy }
    Дата помощи: { $date }
    Помощь: { $care }
    Сумма: { MONEY($amount, $currency) }
    Фото: { $photos }
    Счёт: { $account }
    БИК: { $bic }
    Получатель: { $recipient }

    Всё верно? Нажмите «Отправить» или напишите «да».
claims-send = 📨 Отправить
claims-cancel = ❌ Отменить
claims-summary-expected = Нажмите «Отправить» (или напишите «да») — или «Отменить».
claims-sent = ✅ Заявление <b>{ $number }</b> отправлено. Мы рассмотрим его и напишем о решении здесь.
claims-sent-desk-off = ✅ Заявление <b>{ $number }</b> принято. Операторы рассмотрят его, как только начнут работу, и мы напишем о решении здесь.
claims-cancelled = Заявление отменено, ничего не отправлено.
claims-date-lapsed = Заявление не отправлено: пока оно ждало, наступил новый день, и дата помощи больше не подходит. Всё остальное сохранено — укажите дату ещё раз, и заявление снова будет готово к отправке.
claims-edit-bank = ✏️ Реквизиты
claims-ask-bank-field = Что изменить в реквизитах?
    Счёт: { $account }
    БИК: { $bic }
    Получатель: { $recipient }
claims-edit-bic = БИК
claims-edit-account = Номер счёта
claims-edit-name = Получатель
claims-back = ↩️ Назад к заявлению
claims-bank-field-expected = Выберите, что изменить: БИК, номер счёта или получателя — или «Назад к заявлению».
claims-change-bic = ✏️ Изменить БИК
claims-account-other-bank = Счёт { $account } не подходит к БИК { $bic }: его контрольная цифра (9-я) не сходится с этим банком. Напишите номер счёта в банке с этим БИК — или нажмите «Изменить БИК».

## «Мои возмещения»
claims-none = Заявлений на возмещение пока нет.
claims-list = <b>Мои возмещения</b> (всего { $count })

    { $lines }
claims-status = { $status ->
        [review] ⏳ на рассмотрении
        [need_document] 📎 нужен документ
        [approved] ✅ одобрено
        [rejected] ❌ отказано
       *[withdrawn] ↩️ отозвано
    }
claims-line = <b>{ $number }</b> · { $date } · { $care }
    Полис { $policy }, заявлено { MONEY($amount, $currency) }
    { claims-status }{ $status ->
        [approved] : { MONEY($approved, $currency) }
        [rejected] : { $reason }
        [need_document] : { $request }
       *[other] {""}
    }
claims-send-document-for = 📎 Дослать документ — { $number }
claims-prev = ◀️ Назад
claims-next = Дальше ▶️
claims-not-yours = Это заявление не найдено среди ваших.
claims-no-document-awaited = По заявлению { $number } документ сейчас не нужен.
claims-ask-answer = По заявлению <b>{ $number }</b> просят: { $request }
    Пришлите фото (до { $max }) и/или напишите текст, затем нажмите «Отправить».
claims-answer-so-far = Добавлено к ответу по { $number }: фото — { $photos }{ $text ->
        [yes] , текст есть
       *[no] {""}
    }. Пришлите ещё или нажмите «Отправить».
claims-answer-send = 📨 Отправить
claims-answer-expected = Пришлите фото документа (до { $max }) или напишите текст.
claims-answer-long = Слишком длинно: { $length } символов из { $max }.
claims-answer-sent = ✅ Отправлено. Заявление <b>{ $number }</b> снова на рассмотрении.

## Уведомления
claim-approved = ✅ Заявление <b>{ $number }</b> одобрено. К выплате: <b>{ MONEY($amount, $currency) }</b> — деньги придут на указанный счёт.
claim-rejected = ❌ По заявлению <b>{ $number }</b> отказано.
    Причина: { $reason }
claim-document-needed = 📎 По заявлению <b>{ $number }</b> нужен документ:
    { $text }
claims-send-document = 📎 Дослать документ
claim-withdrawn = ↩️ Заявление <b>{ $number }</b> отозвано: полис { $policy } больше не ваш.

## Заявления на столе операторов
desk-claim = 💸 <b>Возмещение { $number }</b>
    Кто: { $name }{ $relation ->
        [spouse] {" "}{ desk-claim-member }
        [child] {" "}{ desk-claim-member }
        [parent] {" "}{ desk-claim-member }
       *[self] {""}
    }
    Связь: { $email }, { $phone } — подробнее: <code>/find #{ NUMBER($profile, useGrouping: 0) }</code>
    Полис: { $policy } ({ $kind ->
        [VZR] ВЗР
       *[DMS] ДМС
    })
    Дата помощи: { $date }
    Помощь: { $care ->
        [doctor] приём врача
        [tests] анализы и диагностика
        [medicines] лекарства
        [hospital] стационар
        [dental] стоматология
        [emergency] скорая / неотложная
       *[other] другое
    }
    Заявлено: { MONEY($amount, $currency) }
    Счёт: { $account }, БИК { $bic }
    Получатель: { $recipient }
    Фото: { $photos } (выше)
# Заявление для члена семьи: кто он владельцу кабинета и чей кабинет.
desk-claim-member = ({ family-relation }, { $birth_date }; кабинет: { $holder })
desk-kind-claim = заявление на возмещение
desk-claim-approve = ✅ Одобрить
desk-claim-ask = 📎 Запросить документ
desk-claim-reject = ❌ Отказать
desk-claim-removed = Заявление { $number }: решение принято, данные убраны.
desk-claim-answer = 📎 { $number }: человек прислал документы (фото: { $photos }).
    { $text }
desk-claim-unknown = Такого заявления нет.
desk-claim-decided = По этому заявлению уже есть решение.
desk-claim-ask-amount = Сколько выплатить по { $number }? Заявлено { MONEY($amount, $currency) }. Напишите сумму ответом на это сообщение.
desk-claim-ask-request = Какой документ нужен по { $number }? Напишите ответом на это сообщение (до { $max } символов) — человек получит его.
desk-claim-ask-reason = Причина отказа по { $number }? Напишите ответом на это сообщение (до { $max } символов) — человек получит её.
desk-claim-amount-expected = Нужна сумма в { $currency }, например «12 000» или «11 500,50».
desk-claim-amount-over = Больше заявленного выплатить нельзя: заявлено { MONEY($amount, $currency) }.
desk-claim-text-expected = Нужен текст (до { $max } символов).
desk-claim-text-long = Слишком длинно: { $length } символов из { $max }.
desk-claim-approved = ✅ { $number } одобрено: { MONEY($amount, $currency) } — { $operator }
desk-claim-requested = 📎 По { $number } запрошен документ — { $operator }
desk-claim-rejected = ❌ По { $number } отказано — { $operator }
    Причина: { $reason }

## Выгрузка данных
profile-erase-claims = Будут удалены заявления на возмещение, ещё не рассмотренные, — выплаты по ним не будет: { $numbers }
data-section-claims = Заявления на возмещение
data-label-claim = Заявление
data-label-care-date = Дата помощи
data-label-care = Помощь
data-label-approved = Одобрено к выплате
data-label-request = Запрошенный документ
data-label-account = Счёт
data-label-bic = БИК
data-label-recipient = Получатель
data-label-filed-at = Подано
data-claim-status = { $value ->
        [review] на рассмотрении
        [need_document] нужен документ
        [approved] одобрено
        [rejected] отказано
        [withdrawn] отозвано
       *[other] { $value }
    }
