## My policies
menu-policies = 📄 My policies
help-section-policies = • My policies — DMS and VZR policies, programmes and services received
policies-title = adding a policy
policies-empty = You have no linked policies yet. Press "Add a policy": you will need the policy number.
policies-list = <b>Your policies</b>
policies-line = { $kind } No. { $number }, { $start } — { $end }: { $state }
policies-button = { $kind } No. { $number }
policies-add = ➕ Add a policy
policy-kind-DMS = DMS
policy-kind-VZR = VZR
policy-state-active = in force
policy-state-expired = expired
policy-state-not-started = not started yet
policy-state-terminated = terminated
policies-ask-number = The policy number is on the policy or in your employer's e-mail. We will check it against your employer's list: it must have your e-mail or phone and your details — { $name }, { $birth_date }.
policies-bad-number = A policy number is letters and digits, 3 to 40 of them. Spaces and dashes are fine.
policies-ask-again = Send the policy number again.
policies-unconfirmed = We could not confirm that policy { $number } is yours.
    Check the number: if it has a typo, press "✏️ Another number".
    If the number is right, the e-mail and phone in your employer's list differ from yours.
    Then prove the policy is yours with an identity check: three photos that an operator of the insurer will look at. The answer comes within a day.
policies-names-differ = The e-mail or phone in your employer's list for policy { $number } are yours, but the last name, first name or birth date in it differ from your profile.
    To link the policy, an identity check is needed: three photos that an operator of the insurer will look at.
    The answer comes within a day.
policies-held = Policy { $number } is already linked to another profile.
    If that was not you, take the identity check: three photos that an operator of the insurer will look at; once approved, the policy moves to you.
    The answer comes within a day.
policies-too-many = Too many tries at adding a policy: 10 an hour at most. Try again in { $minutes } min. If it does not work, call the hotline: { $phone }.
policies-terminated = Policy { $number } has been terminated and cannot be linked. If this is a mistake, call the hotline: { $phone }.
policies-linked-family = 👨‍👩‍👧 Your family’s policies came with it: { $names }. They are in “{ menu-family }”; booking, policies, letters and claims will ask whom it is for.
policies-linked = ✅ Policy { $number } linked.
policies-already = This policy is already linked to your profile.
policy-card = <b>{ $kind } No. { $number }</b> — { $state }
    Programme: { $program }
    Term: { $start } — { $end }
    Employer: { $employer }
    Co-payment: { $franchise }
policy-no-franchise = none
policy-franchise-share = { $percent }% of the cost of services
policy-program = 📋 Programme
policy-services = 🧾 Services received
policy-back-card = ⬅️ To the policy
policy-back = ⬅️ To my policies
policy-program-text = <b>{ $name }</b>

    { $description }

    <b>Covers:</b>
    { $covers }
policy-program-unknown = The insurer has not loaded the description of programme { $code } yet.
services-empty = No services have been billed to policy { $number } yet.
services-page = <b>Services received under policy { $number }</b> (page { $page } of { $pages })

    { $items }

    In all: { $count } services, { $total }
services-line = { $date }, { $clinic }: { $service }, { $cost }
services-next = Next ▶️
services-prev = ◀️ Back
policy-expiry = Policy { $number } ends on { $end }, in { $days } { $days ->
        [one] day
       *[other] days
    }.
    If your employer renews the insurance, the new policy will appear in “📄 My policies”.

## Policy copy (PDF)
policy-download = ⬇️ Download the policy
policy-pdf-ready = Information copy of policy { $number }.
policy-pdf-file = policy-{ $number }.pdf
policy-pdf-consulate = A copy in Latin script, for a consulate.
policy-pdf-just-sent = The copy was just sent: it is in the chat above.
pdf-title = Information copy of the insurance policy
pdf-holder = Insured person
pdf-holder-latin = Name in Latin script
pdf-birth-date = Date of birth
pdf-number = Policy number
pdf-kind = Type of insurance
pdf-kind-DMS = Voluntary medical insurance (DMS)
pdf-kind-VZR = Travel medical insurance (VZR)
pdf-term = Period of cover
pdf-program = Programme
pdf-territory = Territory of cover
pdf-sum-insured = Sum insured
pdf-assistance-company = Assistance company
pdf-assistance-phone = Assistance phone 24/7
pdf-employer = Policyholder
pdf-insurer = Insurer
pdf-hotline = Hotline 24/7
pdf-email = E-mail
pdf-covers = What the programme covers
pdf-how = How to get care
pdf-how-dms = Book a visit in the bot or call the hotline on { $phone }, open day and night. At a clinic of the programme, give the policy number or show this copy and an identity document. If a clinic asks you to pay for something the programme does not cover, call the hotline first.
pdf-how-vzr = Abroad, first call { $company } on { $phone } (24/7) and give the policy number { $number }: they will direct you to a clinic and arrange the payment. Do not pay yourself without their agreement, and keep every document and receipt.
pdf-clinics = Clinics of the programme
pdf-clinics-more = And { $count } more: every clinic of the programme is in the bot, under "Clinics nearby".
pdf-clinics-none = The clinics of the programme are in the bot, under "Clinics nearby".
pdf-note = Information copy from the DMS assistant; the insurer confirms a valid policy by its number.

## A policy changed holder
holder-policy-moved = After an identity check, policy { $number } has been linked to its owner's profile and is no longer shown in your account.
    Your co-payment consent and upcoming visits under this policy no longer apply, and your card is not charged for it.
    If this is a mistake, please call the hotline.
holder-policy-unlinked = The insurer has unlinked policy { $number } from your profile.
    Your co-payment consent and upcoming visits under this policy no longer apply, and your card is not charged for it.
    If this is a mistake, please call the hotline.
holder-visit-released =
    The visit on { $date } at { $time } ({ $doctor }, clinic “{ $clinic }”) is cancelled with the policy.

    A calendar file: open it to remove the visit from your calendar.
policies-number-elsewhere = That looks like a policy number. To link the policy, press “{ policies-add }” and send the number.
policies-whose = 👤 Insured person: <b>{ $name }</b>
