family-whom-title = Выбор, для кого
family-whom-ask = Для кого?
family-whom-self = 🙋 Мне ({ $name })
family-whom-member = { $name } — { family-relation }
family-relation = { $relation ->
    [spouse] супруг(а)
    [child] ребёнок
   *[parent] родитель
}
family-whom-bad = Не понял, для кого. Нажмите кнопку с именем или напишите имя либо номер в списке.
family-for = Пациент: <b>{ $name }</b>
family-member-gone = { $name }: полисов этого человека в вашем кабинете больше нет. Начните заново из меню.
