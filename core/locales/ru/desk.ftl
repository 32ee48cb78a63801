## Группа операторов
desk-incident-recovery = 🚨 Инцидент №{ $number }: человек нажал «Это не я» после восстановления доступа к профилю №{ $profile }. Профиль заморожен до решения.
desk-unfreeze = 🔓 Разморозить
desk-unfrozen = ✅ Разморожено оператором { $operator }.
desk-give-back = ↩️ Вернуть прежнему аккаунту
desk-given-back = ↩️ Профиль возвращён прежнему аккаунту оператором { $operator }.
desk-give-back-gone = Вернуть нельзя: прежнего аккаунта или профиля больше нет. Можно только разморозить.
desk-give-back-has-profile = Вернуть нельзя: у прежнего аккаунта теперь свой профиль. Можно только разморозить.
desk-give-back-same-account = Профиль уже на прежнем аккаунте.
desk-not-allowed = Это действие доступно только операторам.
desk-already-decided = По этому объекту уже принято решение.
desk-frozen = Профиль заморожен по заявлению «Это не я»: сначала решите его инцидент.
desk-find-usage = Использование: /find e-mail, телефон, номер полиса или #номер профиля
desk-found = <b>{ $name }</b> (профиль №{ $profile })
    Почта: { $email }, телефон: { $phone }
    Полисы: { $policies }
    Состояние: { $state }
desk-state-ok = активен
desk-state-frozen = заморожен
desk-state-pin-locked = PIN заблокирован
desk-no-policies = нет
desk-not-found = Никого не нашёл по «{ $query }».
desk-unlink-usage = Использование: /unlink номер полиса
desk-unlinked = Полис { $number } отвязан от профиля.
desk-unlink-none = Полис { $number } не найден или ни к кому не привязан.
desk-unlock-usage = Использование: /unlock e-mail, телефон или номер полиса
desk-unlocked = Сняты блокировки PIN и кодов — { $name }
desk-sms-brake-engaged = ⛔ Тормоз SMS: за час отправлено { $sent } SMS с кодами — это предел SMS_HOURLY_LIMIT ({ $limit }). Новые SMS с кодами не отправляются никому: так бывает при накрутке SMS. Если это настоящие люди, снимите тормоз: /liftsms
desk-sms-brake-on = ⛔ Тормоз SMS включён: { $sent } из { $limit } SMS с кодами за час, новые не отправляются. Снять: /liftsms
desk-sms-brake-off = Тормоз SMS не включён: { $sent } из { $limit } SMS с кодами за последний час.
desk-sms-brake-lifted = ✅ Тормоз SMS снят оператором { $operator }: SMS с кодами снова отправляются, предел считается заново с этой минуты (до снятия было { $sent }).
desk-pending-none = Ничего не ждёт.
desk-pending = <b>Ждут решения</b> (сначала старые):
    { $items }
desk-pending-line = • { $kind } { $number } — с { $since }
desk-number = №{ $number }
desk-kind-recovery-disputed = инцидент «Это не я»
desk-unknown-command = Такой команды нет. Команды группы: /find, /unlink, /unlock, /pending, /liftsms.
    Ответ на обращение или причину отказа пишите обычным сообщением, без «/» в начале.
desk-prompt-expired = Этот запрос бота устарел: ответ ждали { $minutes } мин. Ничего не решено — нажмите кнопку на карточке ещё раз.
desk-prompt-cancelled = Отменено: ответ больше не ждём. Чтобы решить, нажмите кнопку на карточке ещё раз.
