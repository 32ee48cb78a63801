family-whom-title = Choosing whom it is for
family-whom-ask = Who is it for?
family-whom-self = 🙋 Me ({ $name })
family-whom-member = { $name } ({ family-relation })
family-relation = { $relation ->
    [spouse] spouse
    [child] child
   *[parent] parent
}
family-whom-bad = Sorry, I did not get whom it is for. Press a button with a name, or type a name or its number in the list.
family-for = Patient: <b>{ $name }</b>
family-member-gone = { $name }: this person’s policies are no longer in your account. Please start again from the menu.
