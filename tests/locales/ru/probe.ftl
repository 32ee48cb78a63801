probe-title = проверочный диалог
probe-ask-name = Как вас зовут?
probe-ask-city = Из какого вы города?
probe-done = Готово: { $name } из города { $city }.
boom-set = Сейчас упаду.
