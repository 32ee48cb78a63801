## Identity check
identity-title = identity check
identity-start = 🪪 Take the identity check
identity-other-number = ✏️ Another number
identity-cancel = Cancel
identity-cancelled = All right, no check for now. You can come back to it by adding the policy again.
identity-consent = First, a separate consent to the processing of biometric personal data is needed (version { $version }): photos with a passport are such data.
identity-read = 📄 Read the consent
identity-accept = ✅ I give my consent
identity-need-consent = The check is not possible without this consent. Read the text and press "I give my consent", or /cancel.
identity-slot-passport = Photo 1 of 3: the passport page with your photo. The whole page, no glare.
identity-slot-selfie = Photo 2 of 3: you holding the passport open at the photo page, next to your face.
identity-slot-registration = Photo 3 of 3: the passport page with your registration.
identity-bad-file = A photo is needed: as a photo or an image file (JPEG, PNG, HEIC) up to 10 MB.
identity-review = Check the photos:
    1. Passport photo page ✅
    2. Selfie with the passport ✅
    3. Registration ✅
    Send them to the operator? Any photo can be replaced.
identity-replace = 🔁 Replace { $number }
identity-send = 📨 Send
identity-sent = 📨 The photos have been sent to the operator.
    The answer to your identity check will arrive here within a day.
identity-open = Policy { $number } is not linked yet: it needs an identity check.
    Your identity check #{ NUMBER($check, useGrouping: 0) } (policy { $policy }) is still with the operators, and they review one person's checks one at a time.
    Please wait for the answer to it (usually within a day), then add policy { $number } again.
identity-approved = ✅ Identity check passed: policy { $number } is linked to your profile.
identity-rejected = Identity check not passed: policy { $number } is not linked.
    Reason: { $reason }

## Identity check on the desk
desk-identity = 🪪 Identity check #{ $number }
    Profile: { $profile_name }, { $profile_birth }
    Policy { $policy }: { $known ->
        [yes] { $policy_name }, { $policy_birth }
       *[no] no such number in the rosters — it cannot be approved, reject it with a reason
    }
    Held by another profile: { $held ->
        [yes] yes
       *[no] no
    }
desk-identity-removed = 🪪 Identity check #{ $number }: its data were removed.
desk-approve = ✅ Approve
desk-reject = ❌ Reject
desk-ask-reason = The reason for rejecting identity check #{ $number }? Write it as a reply to this message: the person will see it.
desk-no-policy = There is no policy with this number in the rosters: the identity check can only be rejected, with a reason.
desk-reason-text = A reason is text: write it in one message.
desk-decided-approved = ✅ Identity check #{ $number } approved by operator { $operator }.
desk-decided-rejected = ❌ Identity check #{ $number } rejected by operator { $operator }.
    Reason: { $reason }
desk-kind-identity = identity check
