## Family
menu-family = 👨‍👩‍👧 Family
help-section-family = • Family — your spouse’s, children’s and parents’ policies in your account
family-list = <b>👨‍👩‍👧 Family</b>
    Your family members’ policies in your account: you can book visits, see services and download the policy for them (choose whom it is for).
family-empty = There are no family members’ policies in your account yet. If your employer insured your spouse, children or parents, add their policies: press “{ family-add }”; you will need the policy number.
family-member = <b>{ $name }</b>, { family-relation }, { $age } { $age ->
        [one] year
       *[other] years
    } old
family-member-policy = { $kind } No. { $number }, until { $end }: { $state }
family-add = ➕ Add a family member
family-add-title = adding a family member
family-ask-number = The policy number of your family member (spouse, child or parent). It is on the policy or in your employer’s letter.
    Add your own policy in “{ menu-policies }”.
family-ask-again = Please send the family member’s policy number again.
family-linked = ✅ Policy { $number } is added to “{ menu-family }”: { $name }, { family-relation }.
family-already = Policy { $number } is already in your account.
family-own-policy = Policy { $number } is your own. Add it in “{ menu-policies }” → “{ policies-add }”.
family-ask-relation = Who is the person on policy { $number } to you?
family-relation-child = 👶 Child
family-relation-spouse = 💍 Spouse
family-relation-parent = 🧓 Parent
family-relation-bad = Sorry, I did not get who this person is to you. Press a button or type: child, spouse or parent.

## Relation check: an identity check with the relation’s document
family-document = { $relation ->
        [child] the child’s birth certificate
        [spouse] the marriage certificate
       *[parent] your own birth certificate
    }
family-unconfirmed = Policy { $number } could not be added at once: your employer’s roster does not tie it to your policy.
    Check the number: if it has a typo, press “✏️ Another number”.
    If the number is right, prove the relation with three photos: your passport, a selfie with it and { family-document }. An insurer’s operator will look at them; the answer comes within a day.
family-slot-document = Photo 3 of 3: { family-document }, { $relation ->
        [child] where you are named as a parent.
        [spouse] with your name and your spouse’s.
       *[parent] where your parent is named.
    } The whole page, no glare.
family-identity-review = Check the photos:
    1. Passport photo page ✅
    2. Selfie with the passport ✅
    3. { family-document } ✅
    Send them to the operator? Any photo can be replaced.
family-identity-approved = ✅ Relation confirmed: policy { $number } is added to “{ menu-family }”.
family-identity-rejected = Relation not confirmed: policy { $number } is not added.
    Reason: { $reason }
desk-identity-family = 👨‍👩‍👧 Relation check #{ $number }
    Profile: { $profile_name }, { $profile_birth }
    Policy { $policy }: { $known ->
        [yes] { $policy_name }, { $policy_birth }
       *[no] no such number in the rosters — it cannot be approved, reject it with a reason
    }
    Who they are to the profile: { family-relation }
    Photos 1–2: the passport and a selfie with it, of the profile’s person.
    Photo 3: { $relation ->
        [child] a birth certificate: the child in it is the policy’s person, the parent the profile’s.
        [spouse] a marriage certificate: the spouses in it are the profile’s person and the policy’s.
       *[parent] the profile’s person’s birth certificate: their parent in it is the policy’s person.
    }
    Held by another profile: { $held ->
        [yes] yes — approving moves it from there
       *[no] no
    }

## An adult family member took their policy over
family-policy-taken-over = Policy { $number } ({ $name }) is no longer in your account: { $name } signed up in the bot and linked the policy to their own profile.
    Visits under this policy booked from your account are cancelled, and your co-payment consent for it no longer applies. If this is a mistake, please call the hotline.

## A child turned 18
family-adult-mail-subject = { $name }, you can now link policy { $number } to your own profile
family-adult-mail-text = Hello, { $name }!

    You have turned 18. Your policy { $number } from { $insurer } has so far been in your parent’s account in the DMS assistant, the insurer’s Telegram bot.
    Now you can sign up in the bot yourself and link the policy to your own profile: “📄 My policies” → “➕ Add a policy”, number { $number }. Your parent will be told that the policy is now yours.
family-adult-mail-link = The bot: { $link }
family-adult-parent = 🎂 { $name } is 18 now.
    { $name } can sign up in the bot and link policy { $number } to their own profile; the policy will then leave your account.{ $mailed ->
        [yes] { " " }We have written about it to the e-mail in your employer’s roster.
       *[no] { "" }
    }
