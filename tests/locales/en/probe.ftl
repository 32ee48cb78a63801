probe-title = probe dialogue
probe-ask-name = What is your name?
probe-ask-city = Which city are you from?
probe-done = Done: { $name } from { $city }.
boom-set = About to fail.
