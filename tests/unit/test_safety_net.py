"""The safety net outside the NLU model: danger to life is caught, figures of speech are not."""

from __future__ import annotations

import itertools

import pytest

from knowledge.safety_net import compile_phrase, get_safety_net
from knowledge.taxonomy import load_taxonomy

DANGER = [
    ("me nan is barely breathing after the new patch", "medical_emergency"),
    ("grandad has stopped eating and drinking, says hes had enough", "medical_emergency"),
    ("she is refusing all food and water now", "medical_emergency"),
    ("left weedkiller in his cup and hes had some", "overdose_poisoning"),
    ("the gas bill comes friday. i wont be here for it", "suicide"),
    ("goodbye everyone, sorry", "suicide"),
    ("just wanted to say ta-ra to somebody before i go", "suicide"),
    ("deep gash on my arm", "self_harm"),
    ("blood spurting from his leg", "medical_emergency"),
    ("two lads at the door with a baseball bat", "violence_now"),
    ("gangs fighting on the green with knives", "violence_now"),
    ("hes bleeding badly from his head", "medical_emergency"),
    ("he forced her to have sex at the party", "sexual_assault_now"),
    ("hes on top of me and wont get off", "sexual_assault_now"),
    ("the rip dragged him out past the rocks", "medical_emergency"),
    ("how long would it take to drown off the pier", "suicide"),
    ("keep hearing the baby isnt mine, im scared what id do", "psychosis_harm"),
    ("hes gone a funny grey colour and his chest feels tight", "medical_emergency"),
    ("her legs have gone mottled and blue and shes confused", "medical_emergency"),
    ("being attacked outside the chippy", "violence_now"),
    ("stopped my insulin on purpose", "suicide"),
    ("found him on top of her in the bed and shes asleep", "sexual_assault_now"),
    ("my mate od'd on the stairs", "overdose_poisoning"),
    ("had a bit of G then a few pints, cant feel me legs", "overdose_poisoning"),
    ("i want to kill myself", "suicide"),
    ("i just want to end it all tonight", "suicide"),
    ("thinkin of taking my own life", "suicide"),
    ("i dont want to be alive anymore", "suicide"),
    ("I don't want to wake up tomorrow", "suicide"),
    ("everyone would be better off without me", "suicide"),
    ("feel suicidal", "suicide"),
    ("tonights the night. ive had enough", "suicide"),
    # Calm plans that name no method.
    ("dont worry about the rent, ive found my own way out", "suicide"),
    ("made my mind up about tonight, sorry", "suicide"),
    ("i just want my body to give up", "suicide"),
    ("been planning it for months and the day has come", "suicide"),
    ("i know which dose would finish me and i have it", "suicide"),
    ("a newborn has been left in a box outside the shop", "child_in_danger"),
    ("the kids are home alone 3 nights, no sign of their mam", "child_in_danger"),
    ("mams boyfriend keeps coming into my room at night", "child_in_danger"),
    ("wana die", "suicide"),
    ("been saving up her morphine for when im ready", "suicide"),
    ("he necked the lot", "overdose_poisoning"),
    ("downed a whole strip of codeine", "overdose_poisoning"),
    ("shes turned all the gas rings on and not lit them", "overdose_poisoning"),
    ("grandad took his whole weeks tablets from the dosette", "overdose_poisoning"),
    ("hes been fitting for 6 minutes", "medical_emergency"),
    ("she's having a seizure, its been going over 5 mins", "medical_emergency"),
    ("i cant find his buccal", "medical_emergency"),
    ("theres a fire in the hall, we cant get out", "medical_emergency"),
    ("just heard a woman screaming in the flat upstairs", "violence_now"),
    ("my stepdad creeps into my room at night", "child_in_danger"),
    ("she says she can fly and shes on the balcony", "psychosis_harm"),
    ("been cutting myself again", "self_harm"),
    ("i want to hurt myself", "self_harm"),
    ("me mam has taken all her tablets", "overdose_poisoning"),
    ("took a load of paracetamol an hour ago", "overdose_poisoning"),
    ("my lass has overdosed", "overdose_poisoning"),
    ("hes got a knife", "violence_now"),
    ("He's hitting me and the kids are screaming", "violence_now"),
    ("my ex is kicking the door in", "violence_now"),
    ("he threatened to kill me", "violence_now"),
    ("the bairn isnt breathing", "medical_emergency"),
    ("my baby's choking", "medical_emergency"),
    ("the house is on fire", "medical_emergency"),
    ("me dad's collapsed on the floor", "medical_emergency"),
    ("necked 30 co codamol", "overdose_poisoning"),
    ("she has taken twenty sertraline", "overdose_poisoning"),
    ("the toddler has swallowed a button battery", "overdose_poisoning"),
    ("a man has been following me home", "violence_now"),
    ("i was raped tonight and he is still here", "sexual_assault_now"),
    ("someone is dragging a kid into a van", "child_in_danger"),
    ("the voices are telling me to hurt the baby", "psychosis_harm"),
    ("car engine running in the garage with the door shut", "medical_emergency"),
    ("our co alarm is going off and we all feel rough", "medical_emergency"),
    ("the carbon monoxide alarm is sounding", "medical_emergency"),
    ("i can smell gas all through the house", "medical_emergency"),
    ("think theres a gas leak in the flat", "medical_emergency"),
    ("got a hose to run from the exhaust into the car", "suicide"),
    ("im on the roof of the car park and i want to jump", "suicide"),
    # Past told beside present danger is still danger now.
    ("i tried to kill myself years ago and im going to do it again tonight", "suicide"),
    ("he stabbed me last year and hes still outside with a knife", "violence_now"),
    ("lads on bikes waving a strap about at people", "violence_now"),
    ("getting jumped by five of them on the field", "violence_now"),
    # Round 8 development: goodbyes, gas let out, and danger typed calmly.
    ("just tell my mum im sorry", "suicide"),
    ("I do not expect to be alive by Friday", "suicide"),
    ("what happens when my body is found", "suicide"),
    ("ive turned the oven on without lighting it and shut the windows", "overdose_poisoning"),
    ("my little lad hasnt come home from school and its getting dark", "child_in_danger"),
    ("a man has his hand up her skirt and she is crying", "sexual_assault_now"),
    ("he is interfering with her in the next room", "sexual_assault_now"),
    ("the man next door is at my gate with a hammer threatening me", "violence_now"),
    ("they tell me to set fire to the bedroom", "psychosis_harm"),
    ("nan has fallen in the bathroom and cant get up", "medical_emergency"),
    # "won't" or "will not": a phrase's "wont|will not" once asked for "wont not".
    ("the bleeding wont stop", "medical_emergency"),
    ("his fit wont stop", "medical_emergency"),
    ("i wont be here tomorrow", "suicide"),
    ("i will not be around much longer", "suicide"),
    # Round 9 development: plans told calmly, abuse in a child's words, violence in a few.
    ("honestly its the only way out left", "suicide"),
    ("ive been saving up my tablets for weeks", "suicide"),
    ("written letters for the kids, sorry", "suicide"),
    ("i just want it all to be over", "suicide"),
    ("standing on the railway by the bridge", "suicide"),
    ("my mate has gone blue and wont wake", "medical_emergency"),
    ("his hands round my throat", "violence_now"),
    ("dad has the poker and hes going for mam", "violence_now"),
    ("my uncle touched me down there", "sexual_assault_now"),
    ("her stepdad is in my room now", "sexual_assault_now"),
    ("the radio has told me i have to set fire to the flat", "psychosis_harm"),
    # Round 13 development: a goodbye to a fight, tablets set out, a parent held by the
    # neck, sex forced after a no, a child alone for days or near a fire.
    ("tell the dwp theyve won", "suicide"),
    ("got all me pills laid out on the bed", "suicide"),
    ("tonight im going to end it", "suicide"),
    ("ive taken all my gabapentin", "overdose_poisoning"),
    ("hes holding his mam against the door by her throat", "violence_now"),
    ("i cant pull him off her", "violence_now"),
    ("i said no but he did it anyway", "sexual_assault_now"),
    ("hes making me do things i dont want", "sexual_assault_now"),
    ("been home by myself 3 days", "child_in_danger"),
    ("my mum hasnt come home since saturday", "child_in_danger"),
    ("the kids are on their own in there and theres smoke", "child_in_danger"),
    # Round 14 development: a child hit by a parent, a fever on chemo, someone missing
    # outdoors, "taken the lot", a door kicked in, a day set.
    ("my dad is hitting me with his belt", "violence_now"),
    ("on chemo and my temperature is 38.5", "medical_emergency"),
    ("hes gone out in the snow and we cant find him anywhere", "medical_emergency"),
    ("taken the lot", "overdose_poisoning"),
    ("hes booting the back door in", "violence_now"),
    ("getting it all sorted before i do it on friday", "suicide"),
    ("grandad is choking on a sweet", "medical_emergency"),
    # Round 15 development: a few words, an alarm with symptoms, fire heard, a dog or
    # petrol as a weapon, a delusion turned on others, a car exhaust made ready.
    ("ligature. now.", "self_harm"),
    ("narcan isnt working", "overdose_poisoning"),
    ("writing my letters now", "suicide"),
    ("no point me stopping on now", "suicide"),
    ("in the car with a hose and some tape", "suicide"),
    ("dont want anyone to stop me this time", "suicide"),
    ("co alarm going off and we all feel dizzy", "medical_emergency"),
    ("someone on the landing is shouting fire", "medical_emergency"),
    ("the stairwell is full of smoke", "medical_emergency"),
    ("freezing outside, cant feel my feet", "medical_emergency"),
    ("he set his dogs on me", "violence_now"),
    ("theyre going to petrol bomb the house tonight", "violence_now"),
    ("the neighbours must die", "psychosis_harm"),
    ("im scared of what ill do to her", "psychosis_harm"),
    # Round 16 development: made to do things, found in the act, beaten with a belt.
    ("he makes me do things to him in the bath", "sexual_assault_now"),
    ("theres a man on top of a girl in the toilets and shes out of it", "sexual_assault_now"),
    ("the mother is hitting them with the belt", "child_in_danger"),
    # Found after round 16 was measured: whoever is strangling, and a threat at the door.
    ("her fellas strangling her", "violence_now"),
    ("hes outside saying hell kill me if i dont open the door", "violence_now"),
    ("walked in on him with his hand up a residents nightie", "sexual_assault_now"),
    ("toddler in the road", "child_in_danger"),
    ("he attacked me last year and hes still got a knife with him", "violence_now"),
    # Round 18 development: a wound showing what is under the skin, a fall in the bath.
    ("sliced me thigh can see the fat", "self_harm"),
    ("slashed my wrist", "self_harm"),
    ("me nana has fell in the bath and cant get out", "medical_emergency"),
    # Round 19, after its measurement: a battery told at length, a limb at the wrong angle.
    ("the bairns just swallowed one of them little round batteries", "overdose_poisoning"),
    ("hes lying funny and his leg is bent the wrong way", "medical_emergency"),
    # Round 20, after its measurement: someone else's throat, a weapon here and now.
    ("got his hands round his dads throat and we cant get him off", "violence_now"),
    ("the one from upstairs is on my landing right now with an axe", "violence_now"),
    # Round 22, after its measurement: a prescription at once, a night on the floor, an
    # attack with a bottle, simple English, a North-East beating, a death made to look
    # like an accident, a note.
    ("fyi ive taken my whole weeks prescription at once", "overdose_poisoning"),
    ("hes been on the floor since last night after a fall", "medical_emergency"),
    ("step dad went for me mam with a bottle", "violence_now"),
    ("he is beating my mother very bad in the house right now", "violence_now"),
    ("the bloke is leathering his little lad with a belt", "child_in_danger"),
    ("worked out how to make it look like an accident tomorrow", "suicide"),
    ("wrote my note", "suicide"),
    # Round 23, after its measurement: a bleed on the brain, held and forced, a child
    # locked in with the water running, a hosepipe for the car.
    ("worst headache of my life, came on all of a sudden", "medical_emergency"),
    ("he wont let me leave and hes forcing me", "sexual_assault_now"),
    ("my 2 year old has locked herself in the bathroom with the bath taps on", "child_in_danger"),
    ("bought a hosepipe for the car this afternoon", "suicide"),
    # Round 24, after its measurement: forced in few words, held in, a threat reported,
    # simple English, a fall told as where and how long.
    ("hes forcing me, please", "sexual_assault_now"),
    ("my husband wont let me leave the flat and has hidden my keys", "violence_now"),
    ("my uncle said hes going to kill me if i tell anyone", "violence_now"),
    ("the men in the van took her and did bad things to her", "sexual_assault_now"),
    ("nan is on the kitchen lino, she has been there since yesterday morning", "medical_emergency"),
    # Round 25, after its measurement: a threat with a condition between, held down, asking
    # how, gone with a stranger, children out in the cold, driving drunk.
    ("hes hidden my keys and if i try to run hell batter me", "violence_now"),
    ("a lad held her down behind the shops", "sexual_assault_now"),
    ("what is the easiest way to die", "suicide"),
    ("my sister 12 she went with a man in a black car", "child_in_danger"),
    ("toddler outside in only a nappy for hours and its freezing", "child_in_danger"),
    ("her dad is steaming and driving with the baby in the back", "child_in_danger"),
    ("grandad knocked his head, now hes drowsy and slurring", "medical_emergency"),
    # Round 26, after its measurement: methods weighed, kept in with a threat, children
    # shut outside, a wound showing fat, gas left unlit.
    ("is drowning or jumping quicker", "suicide"),
    ("she says shell make sure i never walk again if i go", "violence_now"),
    ("my partner has locked the doors and hidden my phone", "violence_now"),
    ("the little ones are shut out in the garden again", "child_in_danger"),
    ("theres fat in the wound on my leg", "self_harm"),
    ("the gas on the cooker is on without lighting", "overdose_poisoning"),
    # Round 27, after its measurement: short goodbyes, a method asked, the blades out, kept
    # in, someone unconscious at a party, a child afraid to go home, pulling teeth, the tide.
    ("bye everyone x", "suicide"),
    ("tell my dad i loved him", "suicide"),
    ("how deep would i need to cut to reach the artery", "self_harm"),
    ("got the blades out again tonight", "self_harm"),
    ("what happens if he wont let you out the flat", "violence_now"),
    ("he said itll be the last thing i ever do", "violence_now"),
    ("men keep going in and out the bedroom where she is passed out", "sexual_assault_now"),
    ("says his stepdad will batter him if he goes home", "child_in_danger"),
    ("theres a tracker in my tooth so im getting it out with the pliers", "psychosis_harm"),
    ("high tide tonight, want to be sure the sea takes me", "suicide"),
    # Round 28, after its measurement: a pet handed on, a goodbye of thanks, poison in the
    # urn, sepsis signs, a fire with someone inside, a limb turned, petrol through the door,
    # made to have sex, not let leave, children alone for days, the petrol for the voices.
    ("can somebody take my cat after tonight", "suicide"),
    ("thanks for everything, you were always kind to me", "suicide"),
    ("im slipping something in the kettle at work so they stop", "overdose_poisoning"),
    ("grandad's skin is mottled and blue and he wont wake properly", "medical_emergency"),
    ("the flat below is on fire and we havent seen him get out", "medical_emergency"),
    ("she fell off the wall and her arm is turned the wrong way", "medical_emergency"),
    ("someone is pouring petrol through the letterbox", "violence_now"),
    ("he forced me to have sex and hes asleep in the next room", "sexual_assault_now"),
    ("my sister is at his flat, he wont stop and wont let her go", "sexual_assault_now"),
    ("the twins upstairs have been left alone for 3 days", "child_in_danger"),
    ("the voices want me to burn it all and weve got the petrol", "psychosis_harm"),
    ("our little one is missing, she was right behind me", "child_in_danger"),
    ("lost my grandson in the crowd at the fair", "child_in_danger"),
    ("hes saved his pills and is taking the lot tonight", "overdose_poisoning"),
    # Round 29, after its measurement: a goodbye tied to the new year, someone passed out
    # now, "said no" again and again.
    ("i wont see the new year", "suicide"),
    ("my husband has passed out in the kitchen and wont come round", "medical_emergency"),
    ("she said no so many times and he carried on", "sexual_assault_now"),
    # Round 30, after its measurement: goodbyes tied to a feast day or a birthday, a hose in the
    # boot, fumes from fuel burnt indoors, plain emergencies in few words, evidence asked about,
    # armed against imagined pursuers.
    ("i will never see easter now", "suicide"),
    ("i wont see me birthday", "suicide"),
    ("got a tube in the boot and im parked up", "suicide"),
    ("weve had charcoal burning in the lounge since the meter ran out", "medical_emergency"),
    ("the generator is running indoors and hes slumped", "medical_emergency"),
    ("came off the wall cannot feel feet", "medical_emergency"),
    ("van crashed into the wall, the driver is trapped", "medical_emergency"),
    ("the lads are throttling our kid in the back lane", "violence_now"),
    ("do the police need my underwear or can i wash it", "sexual_assault_now"),
    ("they are coming for me so im getting them before they get me", "psychosis_harm"),
    ("theyre in the loft listening, ive got the hammer", "psychosis_harm"),
    ("toddler missing from the park", "child_in_danger"),
    # Round 31, after its measurement: better without me, not living to a feast day, unable
    # to say more, every tablet swallowed, poison eaten, a cleaning spray drunk.
    ("easter will be better for the lot without me", "suicide"),
    ("i wont make it till christmas", "suicide"),
    ("happening now, cannot speak", "violence_now"),
    ("swallowed them all an hour ago", "overdose_poisoning"),
    ("took them all in one go", "overdose_poisoning"),
    ("the baby has eaten a few of the slug pellets", "overdose_poisoning"),
    ("he found the oven cleaner and swallowed some", "overdose_poisoning"),
    # Round 32, after its measurement: a colour with no medical word, "happening now" with no
    # word for what, a plan not to see a day, someone in the water in few words.
    ("the wife has turned blue on the settee", "medical_emergency"),
    ("babys going purple", "medical_emergency"),
    ("its happening now come quick", "violence_now"),
    ("payday is friday, not planning on seeing it", "suicide"),
    ("i dont intend to wake up tomorrow", "suicide"),
    ("i wont see tomorrow", "suicide"),
    ("fella in the river by the bridge", "medical_emergency"),
    ("bairn in the harbour water", "medical_emergency"),
    # Round 33, after its measurement: a goodbye through a holiday, tablets in few words, a
    # text passed on, someone at the window.
    ("christmas wont have me in it", "suicide"),
    ("necked all of em", "overdose_poisoning"),
    ("my mate text 'shes here please' then nothing", "violence_now"),
    ("theyre at the door now", "violence_now"),
    ("a man by the park tried to get children to get into his van", "child_in_danger"),
    # Round 34, after its measurement: an amount and an apology, walking into the sea, saved
    # tablets told the other way round, harm promised by any means, letters left.
    ("took the full bottle. soz", "overdose_poisoning"),
    ("down the beach and walking into the waves", "suicide"),
    ("the painkillers ive been stockpiling are on the side", "suicide"),
    ("ill sort the lot of them out by any means necessary", "violence_now"),
    ("left notes for both the boys on the stairs", "suicide"),
    # Round 35, after its measurement: a plan not to be talked out of, gas left unlit and
    # people kept away, an assault seen in a care home, children threatened with the taker.
    ("its all sorted for friday, i dont want talking out of it", "suicide"),
    ("put the oven gas on without lighting it and shut myself in", "overdose_poisoning"),
    ("nobody come round until after please", "overdose_poisoning"),
    ("a man at the day centre is on top of my nan in the lounge", "sexual_assault_now"),
    ("he says hell do something to the bairns and himself", "child_in_danger"),
    # Round 36, after its measurement: a beating told in the passive, a fire with the
    # apostrophe lost, an overdose counted roughly.
    ("the little lad upstairs is being leathered", "child_in_danger"),
    ("bedrooms on fire n im stuck on the landing", "medical_emergency"),
    ("ive had about 25 codeine since teatime", "overdose_poisoning"),
    ("ive written the letters. thats me done", "suicide"),
    ("thats me done for good", "suicide"),
    ("shes taped up the windows and put the gas on", "overdose_poisoning"),
    # Round 37, after its measurement: harm in few plain words, affairs settled for after,
    # a threat told as finishing someone, a grudge against a place.
    ("my stepdad is hurting me", "violence_now"),
    ("her husband is battering her and me", "violence_now"),
    ("ive had all of them", "overdose_poisoning"),
    ("im being made to do stuff i dont want", "sexual_assault_now"),
    ("paid the gas off so noone has to sort it after", "suicide"),
    ("hes coming round to finish her off", "violence_now"),
    ("going up the jobcentre tomorrow to make them pay", "psychosis_harm"),
    ("theyre stamping on his face outside the club", "violence_now"),
    ("she says hell torch the flat with us all in it", "violence_now"),
    ("theres a newborn left on its own in the car", "child_in_danger"),
    ("went up to check on him and hes not in his bed", "child_in_danger"),
    ("off round there with a jerry can of petrol, see how they like it", "violence_now"),
    ("he stayed over and i never said yes", "sexual_assault_now"),
    # Round 39, after its measurement: an overdose corrected as an aside, sepsis signs
    # after a transplant, someone gone under, someone on the floor in three words.
    ("also ive had my tablets, well all of them actually", "overdose_poisoning"),
    ("he had a kidney transplant and now hes burning up and shaking", "medical_emergency"),
    ("a man fell off the pontoon and he hasnt come back up", "medical_emergency"),
    ("grandads on the floor", "medical_emergency"),
    ("i can see her through the letterbox and shes not moving", "medical_emergency"),
    # Round 40, after its measurement: the means in passing, a day named, gas in five
    # words, grey and gasping, the aside with a word before it.
    ("ive written the letters and the ropes in my wardrobe", "suicide"),
    ("WONT NEED THEM AFTER SAT IM ENDING IT SAT NIGHT", "suicide"),
    ("hob on no flame windows shut", "overdose_poisoning"),
    ("he just dropped on the treadmill, grey and gasping", "medical_emergency"),
    ("i took my tablets earlier, well all of them actually", "overdose_poisoning"),
    # Round 41, after its measurement: gas rings left unlit with a word between, and
    # armed against imagined plotters.
    ("all the rings on, no flame", "overdose_poisoning"),
    ("theyre against me, im going down with something to protect myself", "psychosis_harm"),
    ("if any of them tries anything ill use it", "psychosis_harm"),
    # Round 42, after its measurement: heat stroke, a baby gone still, tablets put aside,
    # striking first at a pursuer.
    ("ran in the heat and now hes stopped sweating", "medical_emergency"),
    ("the baby is not moving and very hot", "child_in_danger"),
    ("been putting my pills to one side for weeks", "suicide"),
    ("i have to kill him before he kills me", "psychosis_harm"),
    # Round 43's misses, from the development sets in round 44: a day chosen inside a
    # tenancy question, tablets put by, a hot floppy child described in little English.
    ("asking for myself, ive picked friday", "suicide"),
    ("ive set the date for the day after his birthday", "suicide"),
    ("ive put by me mams old pills and mine", "suicide"),
    ("she very hot, very floppy, no cry", "medical_emergency"),
    ("no cry, eyes go up, what i do pls", "medical_emergency"),
    # Round 44's misses, after its measurement: tablets put by with words between, a
    # goodbye in few words, a child not found.
    ("been putting my tablets by for weeks", "suicide"),
    ("cant do this anymore. sorry", "suicide"),
    ("cant find my 5yo", "child_in_danger"),
    # Round 44's last miss, from the development sets in round 45: going now to someone
    # believed to be poisoning them.
    ("the nurse is poisoning me. i know where she lives. going there now", "psychosis_harm"),
    # Round 45's misses, after its measurement: a child not found or shut in, tablets put
    # away as a habit, a goodbye passed on to a grandparent, a cry for help passed on, and
    # setting off to the address of someone believed to be poisoning them.
    ("cant find toddler. door open", "child_in_danger"),
    ("theres a little one shut in the old boiler cupboard", "child_in_danger"),
    ("been putting my tablets away every week", "suicide"),
    ("he texted sorry for being a burden, tell nana i love her", "suicide"),
    ("my sister messaged 'help he won't stop' and now nothing", "violence_now"),
    ("mams boyfriend is in the bedroom now doing stuff to her", "sexual_assault_now"),
    ("ive found his address and im driving there now", "psychosis_harm"),
    # Round 46's misses, after its measurement: the point asked, a wound deeper than usual,
    # a child lost or not found with the age written "3yr", a beating heard.
    ("whats the point. doing it now", "suicide"),
    ("also tonights been bad, deeper than usual, towels soaked", "self_harm"),
    ("lost my toddler. seaton beach", "child_in_danger"),
    ("cant find my 3yr old", "child_in_danger"),
    ("the boy next door is screaming, his dad is battering him with something", "violence_now"),
    # Missed on the development sets in round 46: a harm worse than usual inside an arrears
    # question, and a jump from a height tonight.
    ("ive just done my arm again and its much worse than usual", "self_harm"),
    ("climbing the big wheel tonight and jumping off the top", "suicide"),
    # Round 47's tuning, for the development messages the classifier with word features
    # missed: a rape heard now, no pulse, words in a rush, a bath running, arms done again.
    ("someone is raping her upstairs", "sexual_assault_now"),
    ("resident on the floor, no pulse", "medical_emergency"),
    ("we cant find a pulse on him", "medical_emergency"),
    ("choking, baby, please", "medical_emergency"),
    ("the twins are in the bathroom with the bath running, door jammed", "child_in_danger"),
    ("my son has cut his arms again really deep", "self_harm"),
    ("been keeping back some of my pills every week", "suicide"),
    ("hes splashed petrol all over the hall", "violence_now"),
    ("two kids are in the bonfire and theyre lighting it", "child_in_danger"),
    ("her dad has just turned up at the hub asking for her", "child_in_danger"),
    ("fell off the ladder, cant see straight and keep being sick", "medical_emergency"),
    # Round 47's misses, after its measurement: a beating heard, forced every night, and
    # striking first.
    ("next door is battering his missus with something", "violence_now"),
    ("he forces me every night and he is asleep now", "sexual_assault_now"),
    ("they are watching me, im getting them first", "psychosis_harm"),
    # Round 48's misses, after its measurement: an overdose in text-speak.
    ("od help", "overdose_poisoning"),
    ("i od on my meds", "overdose_poisoning"),
    # Round 49's tuning: "OD'd" is "overdosed", not the word "odd"; a knife held now.
    ("od'd", "overdose_poisoning"),
    ("she OD\u2019d on her meds", "overdose_poisoning"),
    ("Husband see things. He hold knife now.", "violence_now"),
    ("our lad is being held at a flat by older lads and they took his phone", "child_in_danger"),
    ("ive saved up all me tablets and im taking them friday", "suicide"),
    # Round 49's misses, after its measurement: a fire planned tonight, a tight chest.
    ("they listen through the walls so im setting fire to the house tonight", "psychosis_harm"),
    ("feel like im going to pass out and my chest is really tight", "medical_emergency"),
    # Round 50's tuning: smoke smelt from a home; children alone, told at length, with smoke.
    ("i can smell smoke coming through the wall from next door", "medical_emergency"),
    ("the kids from upstairs are alone again and theres smoke under their door", "child_in_danger"),
    ("had a pain in me chest all night", "medical_emergency"),
    ("chest feels heavy, bet its wind, but its going down into my jaw now", "medical_emergency"),
    # Round 50's misses, after its measurement: a roof and a jump, a knife in a learner's words
    # or waved at people, pulled back into a car after a month named in a question.
    ("me uncle is up on the roof of the flats shouting hes going to jump", "suicide"),
    ("she have a knife and she is at my door", "violence_now"),
    ("lad outside the chippy waving the machete at people", "violence_now"),
    (
        "asked about bins in may. a man outside keeps dragging her back into his van",
        "child_in_danger",
    ),
    # Round 51's misses, after its measurement, in other words: the way asked for then "done",
    # someone else made to do things, and the fire told before the children alone.
    ("what's the easiest way? i'm finished", "suicide"),
    ("hes got her in his car and is making her do things she doesnt want", "sexual_assault_now"),
    ("can smell smoke from the flat below and the bairns are in on their own", "child_in_danger"),
    # Round 52's misses, after its measurement, in other words: a child into medicine, and
    # someone dragged back in.
    ("the toddler has got into my mams tablets", "overdose_poisoning"),
    ("two men grabbed the lad and dragged him back inside the flat", "child_in_danger"),
    # Round 53's miss, after its measurement, in other words: a believed implant to come out.
    ("i need to dig the implant out tonight, theyre listening", "psychosis_harm"),
    # Round 54's miss, after its measurement, in other words: on the line, with no "the".
    ("stood on railway line near seaton", "suicide"),
    # A development miss after round 54's measurement, in other words: lost in a crowd.
    ("lost our little one in the crowd at the fireworks", "child_in_danger"),
    # Round 55's misses, after its measurement, in other words: the line by where it runs, a
    # last errand before morning, poison drunk, a child lost in few words, an alarm sounding
    # where children are alone.
    ("sat on the line by the level crossing", "suicide"),
    ("can my cat go to a rescue, ill be gone by morning", "suicide"),
    ("my son drank some antifreeze from the garage", "overdose_poisoning"),
    ("lost me kiddo", "child_in_danger"),
    ("the bairns are alone upstairs and the alarm is ringing", "child_in_danger"),
]

# Danger told as past or over: the phrase layer stays quiet, the need is answered.
PAST_OR_OVER = [
    "he had a fit last year that lasted 5 mins",
    "necked the lot of me cans last night haha",
    "got my own flat after my overdose and im doing good now",
    "school nurse here, where do we signpost a pupil who has talked about suicide",
    "I tried to kill myself five years ago and now I would like to volunteer",
    "she overdosed two years ago and is doing well now",
    "my dad collapsed last year, he is home from hospital now",
    "i used to self harm by cutting myself when i was a teenager",
    # "Still" about feelings, and "again" about work, are not danger still happening.
    "Years ago I took an overdose. I'm fine now but still get low sometimes",
    "someone broke in with a knife ages ago, I'm still nervous at night",
    "on the mend after the attack, ready to look for work again",
    "After my overdose in March I am much better now",
    # Asked for work, a course or a policy, and sayings: the classifier must agree.
    "what should staff do if a customer says they want to kill themselves",
    "what is the procedure if a client tells you they feel suicidal",
    "we were mugged at knifepoint in feb and the police dealt with it",
    "i was raped as a teenager and want counselling now",
    "i could die of embarrassment, i sent the wrong form",
    "crossword clue end it all, any ideas",
    "the flood was three winters back and we still have damp",
    # Songs, a fire that nearly happened or might, a man who is not there now.
    "can i play the song suicide is painless at the karaoke night",
    "dad nearly set the chip pan on fire, can he get a hand with meals",
    "if there was a fire in our block the stairs are blocked with rubbish",
    "my stepdad comes into my room and it scares me. hes not here now",
    "found a knife in his bag, hes asleep and everything is calm, who do i talk to",
    # A worry for one day, not now, and a relationship ending.
    "the railings are rotten, someones going to go over them one day",
    "can you fix the swings before a kid gets hurt",
    "the man next door threatens us. nothing has happened today but we are scared",
    "going to end things with my boyfriend, can i get a flat of my own",
    "14 months well since the overdose, need help with the gas bill",
    "the voices have settled with the new tablets, any help getting back to work",
    # Years written short, and harassment that keeps happening but is not happening now.
    "took an overdose about 5 yrs ago, is there help with course fees",
    "lads keep following me home from college and shouting, who do i tell",
    # Still owing, not still holding: "still got" is about now only with what is held.
    "took an overdose back in 2019, still got debts from when i was off work",
    # Played down with nothing happening now, survivors, and an old overdose.
    "not urgent, i overdosed as a teenager and want to talk to someone about it",
    "overdose survivor, 3 years on and stable, any maths classes",
    "will an old overdose affect my housing application",
    "had overdose last yr, need help with rent arrears",
    "back in the 90s my brother died of an overdose, now my niece is using",
    "3 years since my overdose, can i give blood now",
    "since the overdose ive turned things round and got a job offer",
    "overdosed at 19, im 30 now. want to do a first aid course",
    "2018 i tried to end my life. im alright now. how do i apply for pip",
    "my daughter was assaulted at school last term, her ehcp hasnt followed her",
    # Separated for years, and an overdose called past.
    "he was beating me all through the marriage, divorced 4 years now, need a bigger flat",
    "past overdose, settled now, can i join a walking group",
    # Round 33: dealt with by the courts, "don't want to die or anything", and a procedure
    # asked about with "whats" written as one word.
    "the lad who pulled a knife on my son got sentenced in june, we want to move away",
    "i dont want to die or owt, just struggling to sleep",
    "hub volunteer here. a visitor was upset and saying they want to die, whats our procedure",
    # Round 45's tuning: a procedure asked in English that drops the "s", an attacker
    # sentenced with a move still wanted, and a child who told someone and is at school now.
    "community leader here. if a person tell me they want to die, what must i do",
    "the man who threatened us with a knife got sentenced, we still want off the estate",
    "my nephew told me his stepdad hits him with a belt. he is at school today. who do i tell",
    # Round 47's tuning: a small fire put out with everyone fine.
    "the chip pan caught fire, its out and everyones fine. who fixes the ceiling",
]


def test_someone_out_right_now_is_not_said_to_be_safe() -> None:
    # Said of a child, being out is the danger itself: "he's out right now" once counted as
    # safe (for an adult who had hurt them) and quietened this.
    reading = get_safety_net().read(
        "my son is 7 and hes out right now, its dark and i cant find him"
    )
    assert not reading.calm


# How the context reads, message by message: calm (told as past, over, or played down with
# nothing happening now) or not.
CONTEXT_READINGS = [
    # "Not an emergency" is calm only with nothing happening now: residents minimise.
    (
        "not an emergency but my partner just held a knife to my throat, where can we go tonight",
        False,
    ),
    ("not an emergency, just want some counselling", True),
    # "An hour ago" outweighs a message played down; "back in" through a door is not "back
    # in 2019".
    ("not urgent really but i took 30 tablets about an hour ago", False),
    ("he says his dad wont wake up and he cant get back in", False),
    ("back in the day i was on the streets, now i want to volunteer", True),
    # Weeks or months since a birth, or "last month" before a danger told now, are not past.
    ("3 weeks since the baby and i keep hearing i have to get rid of her", False),
    ("applied last month and heard nothing. ive taken all my tablets", False),
    # Time on a waiting list is not time since the danger: "3 years on and stable" is.
    ("2 months on the waiting list and ive just taken 30 paracetamol", False),
    ("overdose survivor, 3 years on and stable", True),
    # Bleeding now outweighs "home now".
    ("she is home now but she is bleeding a lot", False),
    # Nobody hurt, back to normal, everyday dealings with medicines, needles found, an
    # alarm someone cannot hear: worries, not danger now.
    ("nobody has been hurt but the shouting is every weekend", True),
    ("no one has been hurt but the shouting is every weekend", True),
    # "No one", not "one": somebody hurt is not calm.
    ("two lads fighting in the street, one has been hurt bad", False),
    ("her new medication makes her tired, nothing dangerous, who do we ask", True),
    ("he is back to his old self now, can we get help with the rent arrears", True),
    ("my son went missing at the beach but hes absolutely fine", True),
    ("collecting my methadone means two buses, any help with fares", True),
    ("how do i get rid of unused tablets", True),
    ("found needles left by the swings, who clears them", True),
    ("my dad is deaf and cant hear the smoke alarm, can you fit a flashing one", True),
    ("can i get a vibrating smoke alarm for my deaf son", True),
    ("picked up two needles by the bins, where do they go", True),
    ("small burn from the oven, ran it under the tap, its fine", True),
    ("the carbon monoxide leak was fixed on monday, can we get help with food", True),
    ("her new inhaler is making her dizzy, who do we ask", True),
    ("that rug will have someone going flying", True),
    ("a lad told me he has thoughts of suicide, where do i point him", True),
    # Said to be safe in the words people use: "not going to do anything daft".
    ("im not going to do owt daft, i just need someone to talk to tonight", True),
    # A child's disclosure passed on is for safeguarding unless it is happening now; a
    # resident saying they do not want to hurt themselves.
    ("my niece told me her stepdad hits her, what should i do", True),
    ("my niece told me her stepdad hits her and hes hitting her right now", False),
    ("not that i want to hurt myself, i just feel low", True),
    # A worker asking where to send someone, in few words.
    ("i have a nail bar, if client talk about killing herself where i send her", True),
    # The silence after harm is not calm: "now all quiet".
    ("i heard him hitting her and things smashing, now all quiet", False),
    # Round 30, after its measurement: recovered and thriving, how to help others who talk of
    # it, fine today, a disclosure passed on in the present tense.
    ("she was blue when she was born, now shes four and thriving", True),
    ("how does our choir support someone who talks about ending it", True),
    ("he hit her at the weekend, shes fine today", True),
    ("a girl at brownies tells me her mam hits her, who do i ring", True),
    ("he stopped breathing as a newborn, hes now 3 and into everything", True),
    # A goodbye is about now, whatever date it names.
    ("can someone take the cat in march, i wont be here to do it", False),
    # Training asked for by someone others confide in.
    ("people in my taxi sometimes say they want to end it all. is there any training", True),
    # Over with no one harmed, or settled for months; but a day chosen is about now.
    ("chip pan went up, put it out with a damp tea towel, nobody hurt", True),
    ("mam left the gas hob on again, no harm done, can we get a shut off valve", True),
    ("after my overdose i was in a hostel, settled 14 months now, need a cooker", True),
    ("the house went in march and ive chosen friday now", False),
    # Asked in case it ever happens, and in British Sign Language word order.
    ("im a driving instructor, if someone ever told me they wanted to die what do i do", True),
    ("customer say want hurt self, me do what", True),
    ("pupil say want die, me ring who", True),
    # A child brought straight back, a fall wondered about, a call back no longer needed,
    # help sought for someone else; but an attacker acting "like nothing happened" is now.
    ("toddler got out the gate, a neighbour brought her straight back", True),
    ("deaf and live alone, if i fell who would know", True),
    ("thanks for ringing, im ok now, no need for the call back", True),
    ("a tenant mentioned feeling suicidal, how do i point him to help", True),
    ("bloke with knives on his windowsill, nowts happened but i worry", True),
    ("he forced me an hour ago and now hes watching telly like nothing happened", False),
    # Round 40's near-misses: a knife taken off a child or handed in, better now, a near
    # fall, a call back cancelled in other words.
    ("the school took a knife off my son, what happens now", True),
    ("found a knife in the park and handed it in", True),
    ("feel loads better since the group, is there another one", True),
    ("loose step, an old man nearly went over", True),
    ("no need for anyone to ring me back tomorrow", True),
    # Round 41's near-misses: means gathered and now enough is about now; call backs
    # cancelled, jokes marked, near falls, a toddler back in minutes, grown up since,
    # thoughts that have passed, someone odd but calm, nothing happening.
    ("moved in june, been saving my tablets and ive got enough now", False),
    ("no need to phone, im alright", True),
    ("can you cancel my call back please", True),
    ("please cancel the phone call, im sorted", True),
    ("was only joking about ending it over the bins", True),
    ("off the pier for me jk", True),
    ("my mam nearly slipped on the ice outside", True),
    ("she hasnt had a fall yet but shes wobbly", True),
    ("a little lad nearly got through the railings", True),
    ("the neighbour had him back in about 10 mins", True),
    ("she overdosed at 15, shes 20 now and well", True),
    ("the dark thoughts have mostly passed", True),
    ("hes odd but not talking about hurting anyone", True),
    ("nothing happening right now, just asking who to tell", True),
    # Round 42's near-misses: call backs cancelled in dialect, a joke taken back, rehab
    # finished, a wake, tins shot at; collapsed just now is about now, even when out training.
    ("ta, nee need to ring us back", True),
    ("divvent need another ring, am canny", True),
    ("my last message about the pier was only a joke", True),
    ("finished rehab and in a hostel", True),
    ("we had the wake at the club after the funeral", True),
    ("he shoots tins with his air rifle", True),
    ("went to first aid training, got a certificate", True),
    ("out training and me mate just collapsed", False),
    ("been saving tablets since march and theres plenty now", False),
    # Round 43, after its measurement: call backs cancelled without "back" or "to", and a
    # job on the railway.
    ("divvent bother ringing, me sisters here", True),
    ("ignore that, nee need ring back", True),
    ("i work on the railway, can i get a council flat", True),
    ("working here on the railway as a guard, can i get a flat", True),
    # Round 44's tuning: clean for a length of time is recovery, cleaning for a family is a
    # job; an attacker on his way and a gun on the table are now, whatever is past.
    ("clean for 14 month and want a recovery group", True),
    ("been sober for over a year now", True),
    ("i clean for family, the boy is very hot and floppy", False),
    ("police were involved last year, now hes on his way round", False),
    ("wife went in january, me dads shotgun is on the table", False),
    ("kids keep messing about on the railway near the station", True),
    ("ex keeps waiting in the car park, hasnt done owt but its creepy", True),
    ("hes not done anything yet but hes outside right now", False),
    ("I will not do anything silly, I just need help with the garden", True),
    ("smoke alarm went off, no actual fire, now its hanging off", True),
    # Round 44's near-misses, after its measurement: a call back cancelled with "nae", a
    # fire that might come, a fall that might come "eventually".
    ("nae need for the call back pet, wor kids sorted it", True),
    ("motorbike in the hallway, if there was ever a fire nobody could get out", True),
    ("someones going to go over in the dark eventually", True),
    # Round 45's tuning: "he is on his way" written out, and still wanting to hurt, not
    # still wanting help.
    ("police were involved last year, now he is on his way round", False),
    ("split up 3 years ago, i still want some support", True),
    ("burnt my arm last year, now i still want to do more", False),
    ("she told me her dad hits her but shes at school now", True),
    # Round 45, after its measurement: "tonight's" is tonight, and no answer now after a
    # goodbye is now, whatever is two years ago.
    ("partner moved out in august, tonight's the night", False),
    ("he tried before, 2 years ago, and now he wont pick up", False),
    # Round 47's tuning: ready for another time, not a threat of another time.
    ("a lad at the barbers said he wished he was dead. what should i say next time", True),
    ("interpreter here, whats the procedure for me next time someone says they want to die", True),
    ("he had me by the throat and said next time hell finish me", False),
    # A body let go now, or a goodbye to what is no longer needed, outweighs calm words.
    ("told everyone im fine but i want my body to give up now", False),
    ("thanks for the help last year, goodbye, wont need it now", False),
    # Round 52's tuning: a fear for one day, not a danger now.
    ("im scared shell set the kitchen on fire one day", True),
    ("hes been hitting me every day, one day hell kill me", False),
    # Round 53's tuning: the one who hurts them is at work now; not the resident at work.
    ("he hits me when hes had a drink. hes at work now, who can i talk to", True),
    ("im at work now and i cant stop thinking about ending it", False),
    # Round 54's tuning: ended in a year gone; nothing done; said not to be hurt.
    ("he used to knock me about until 2016, i need help with the debts he left", True),
    ("the lad upstairs shouts at his telly, he hasnt threatened anybody, who do i ring", True),
    ("grandad keeps clipping the kerb, not had an accident yet, who do we tell", True),
    ("if my dad slips in the bath and hes not hurt, who helps lift him", True),
    ("hes not threatened anyone yet but hes outside with a knife right now", False),
    # Round 55's tuning: gone by morning is now, whatever year is past.
    ("lost the business in 2019 and ill be gone by the morning", False),
]


@pytest.mark.parametrize(("message", "calm"), CONTEXT_READINGS)
def test_context_is_read_as_calm_only_when_nothing_happens_now(message: str, calm: bool) -> None:
    assert get_safety_net().read(message).calm is calm


FIGURES_OF_SPEECH = [
    "right thats me done for today, ta for your help",
    "thats me done with the forms, can you check them",
    "hes never hit me but he takes my bank card",
    "so much chocolate at christmas i overdosed on it",
    "the sofa has collapsed, any help with furniture",
    "i took them all swimming at the leisure centre, is there a family pass",
    "the bairns are driving me to an early grave",
    "shoot me now, another form",
    "im dead lol",
    "me mam will kill me if i forget her birthday",
    "the wife is gonna murder me",
    "ill swing for him if he parks there again",
    "could kill for a brew right now",
    "id kill for a job at this point",
    "over my dead body am i going in a home",
    "ready to jump ship from this energy company",
    "im trying to get in touch with the housing team",
    "where can i get a carbon monoxide alarm fitted",
    "he keeps following me on instagram",
    "this form is killing me",
    "dying for a brew",
    "my feet are killing me",
    "i nearly died laughing",
    "I could murder a pint",
    "the bills are hitting me hard this month",
    "the baby is kicking me all night",
    "my son is missing school",
    "i dont want to live here anymore, the damp is awful",
    "i cant wake up in the mornings",
    "this cold weather will be the death of me",
    "my phone died so i missed the call",
    "i take lots of tablets for my back",
    "me mam will kill me if i miss the bin day",
    "my phone is dead",
    "dead skint till friday",
    # A danger phrase inside a saying is the saying's: "been shot".
    "my nerves have been shot since the break in",
    "been shot down for another job, need help with my cv",
    "overdosed on christmas chocolate, any gyms with january offers",
    "my ex is forcing me to sell the house, can i get legal advice",
    "the letting agent has been unresponsive for weeks about the mould",
    # Round 45, after its measurement: a way out of a building, not of life.
    "his motorbike is in the hallway and its the only way out of the flats",
    # Round 47's tuning: "'ll" joined on, a pet's daring, an eye-roll.
    "me gaffer'll kill us if im late again",
    "our cat is a suicidal climber, up the curtains again",
    "the dog is literally suicidal round the cows",
    "this bidding makes me want to jump off the pier 🙄",
    # Round 49's tuning: too much food, said as "OD'd on".
    "the kids OD'd on selection boxes, any food bank near me",
]

# The words of a danger phrase in ordinary use: no phrase names them (the classifier still reads
# every message).
EVERYDAY_WORDS = [
    "whats the quickest way to the hub from owton manor",
    "the school makes him do things he doesnt want like assembly, can he be excused",
    "we had a fire drill at the school and the kids lined up on their own",
    "my son keeps getting hit at school by the same lads, who do i speak to",
    "the kids love jumping and hanging off the climbing frame at the park",
    "the fat in the mince made the pan spit",
    "we locked the doors and took the keys with us to the caravan",
    "i wont be here when the repair man comes, can he leave a card",
    "mam is eating and drinking fine but shes lonely",
    "the pipe under the sink is leaking onto the floor",
    "the tide takes the sand out every winter at seaton",
    "my grey cat keeps sitting on my chest at night",
    "had odd jobs for years and now want some training",
    "had a g and t then a few drinks at the club",
    "is there a hosepipe ban this summer",
    "where can i get naloxone training",
    "the smoke alarm in the hall keeps beeping",
    "the co alarm needs a new battery",
    "i wont be here for the inspection on monday",
    "can i set up a direct debit for the dog licence",
    "whats on at the hub, the kids are driving me mad",
    "my feet are freezing in this flat, can i get help with heating",
    "can my carer make me a cup of tea when she does my bath",
    "the shelf fell on top of the bed",
    "we hit the road with the kids at half term",
    "the nursery fees are strangling us",
    "can i get a blue badge for my toddler, he bolts into the road",
    "can i get a grab rail so mam doesnt slip getting out of the bath",
    "trim the fat off the meat",
    "the remote needs new batteries, where do i recycle the old ones",
    "the bus went the wrong way round the estate again",
    "can i get help with a new axe for the allotment",
    "went for a walk with a bottle of water along the front",
    "our lass keeps beating my dad at darts",
    "i never said yes to that catalogue account, how do i dispute it",
    "the kids slept on the floor all night, we have no beds",
    "left my notes at college, can i use a printer at the hub",
    "bought a hosepipe for the garden, is there a hosepipe ban",
    "lost my purse at the shops, can the hub print a bus pass",
    "we have a bbq in the garden most sundays, can i put the ash in the brown bin",
    "the grandkids want to see father christmas at the hub",
    "my birthday is on the 12th, can i book the community room",
    "the debt is strangling us, can someone help",
    "we got a bat box for the garden from the wildlife group",
    "people trapped in poverty need more help from the council",
    "worried about my child missing school since the move",
    "every kid missing out on trips because of the cost",
    "i wont make it to my appointment on monday, can i rebook",
    "what is happening now with my housing application",
    "whats happening now with my bid",
    "not planning to see the new flat till monday",
    "hes at the window cleaning round again, can i complain about the price",
    "can we swim in the sea at seaton in winter",
    "the project is dead in the water without funding",
    "i help my neighbour by writing letters for the housing",
    "my grandson is beating me at chess every week now",
    "this form is doing my head in, want to jump out the window lol",
    "3 hours on hold, might as well throw myself off the pier lol",
    "cut my hand on the boat, not bleeding bad but swollen, where is a walk in",
    "lost again, might top meself lol",
    "exams are murdering me",
    "she keeps singing three blind mice with the carving knife",
    "humpty dumpty had a great fall, that was me on the ice",
    "council tax again, might as well end it all lol",
    "hanging after last night, is the library open",
    "i dont bother ringing them, i just email",
    "he isnt sweating the small stuff",
    "it isnt just a joke to us, the damp is real",
    "is bankruptcy my only way out or is there something else",
    "my teen has lost weight but hasnt collapsed or owt",
    "i dont want to die, i just wish i could disappear for a bit",
    "i collected my mums tablets from the pharmacy and theyre the wrong strength",
    # "odd" is not "OD'd".
    "that letter was odd, is it really from the council",
    # Smelling smoke is a fire only where it comes from somewhere.
    "since the fire i keep smelling smoke that isnt there, who can i talk to",
    # "On the line" is also a phone call; "our kid" a brother or sister.
    "i was on the line at the jobcentre for an hour",
    "lost our kid to cancer, can i get help with the funeral",
    "since i lost my kid brother i cant sleep",
]


def test_a_number_cannot_be_one_of_several_words() -> None:
    # "an|a|<num>" once matched the letters "<num>", so "twenty minutes ago" was not now.
    with pytest.raises(ValueError, match="cannot be an alternative"):
        compile_phrase("an|a|<num> minutes ago")
    assert (
        get_safety_net()
        .read("took them all with whisky about twenty minutes ago, since october")
        .calm
        is False
    )


@pytest.mark.parametrize(("message", "danger"), DANGER)
def test_danger_to_life_is_caught(message: str, danger: str) -> None:
    assert danger in get_safety_net().dangers(message)


@pytest.mark.parametrize("message", PAST_OR_OVER)
def test_danger_told_as_past_or_over_is_not_an_emergency(message: str) -> None:
    assert get_safety_net().dangers(message) == set()


@pytest.mark.parametrize("message", FIGURES_OF_SPEECH)
def test_figures_of_speech_are_not_emergencies(message: str) -> None:
    assert get_safety_net().dangers(message) == set()


@pytest.mark.parametrize("message", EVERYDAY_WORDS)
def test_danger_words_in_everyday_use_name_no_danger(message: str) -> None:
    assert get_safety_net().read(message).named == frozenset()


def test_phrase_syntax() -> None:
    assert compile_phrase("took|taken * pills?") == [
        {"LOWER": {"IN": ["took", "taken"]}},
        {"OP": "?"},
        {"LOWER": {"IN": ["pills"]}, "OP": "?"},
    ]


# A contraction and the words it stands for cannot be alternatives of one token:
# "tonights|tonight is the night" asks for "tonights is the night" too, and misses
# "tonights the night" unless the expansion's word is optional ("is?").
_EXPANDED = {"nt": "not", "s": "is", "m": "am", "ll": "will", "ve": "have", "re": "are"}


def _contraction_traps(phrase: str) -> list[str]:
    traps = []
    for word, following in itertools.pairwise(phrase.split()):
        if following.endswith("?"):
            continue
        alternatives = word.rstrip("?").split("|")
        traps += [
            f"{word} {following}"
            for alternative in alternatives
            for ending, expansion in _EXPANDED.items()
            if alternative.endswith(ending)
            and alternative[: -len(ending)] in alternatives
            and expansion in following.split("|")
        ]
    return traps


def test_no_phrase_offers_a_contraction_beside_its_expansion() -> None:
    guidance = load_taxonomy().crisis
    phrases = [p for category in guidance.categories for p in category.phrases]
    # Every list SafetyNet compiles, sayings included.
    phrases += guidance.calm_context + guidance.still_now + guidance.said_safe
    phrases += guidance.figures_of_speech
    assert [(p, t) for p in phrases for t in _contraction_traps(p)] == []


def test_the_contraction_check_finds_the_trap() -> None:
    assert _contraction_traps("tonights|tonight is the night") == ["tonights|tonight is"]
    assert _contraction_traps("tonights|tonight is? the night") == []


@pytest.mark.parametrize(
    "message",
    [
        "this form is killing me",
        "dying for a brew",
        "me back is killing me",
        "that hill nearly killed me lol",
        "he spends all night killing zombies on the xbox",
        "my mam would die if she saw the state of my bedroom",
        "id die of shame if anyone saw my payslip",
        "shes forcing me to go to the dentist",
        "whats the quickest way to go to the hospital from seaton",
        "the kids are doing my head in",
        "smashed it at the darts final",
        "the new neighbours drumming is murder on my ears",
        "i swear the dwp are trying to finish me off with these forms",
        "the hill up to the hub is a killer",
        "these sanctions are finishing me off",
        "ill throttle the next one who tells me to ring back tomorrow",
    ],
)
def test_everyday_sayings_are_recognised(message: str) -> None:
    assert get_safety_net().is_only_a_figure_of_speech(message)


@pytest.mark.parametrize(
    "message",
    [
        "hes killing me",
        "this form is killing me and i want to end it all",
        "help",
        "the dog died and im suicidal",
        "he says hell kill the next person who walks in",
        "i will die if he finds me",
    ],
)
def test_danger_or_plain_words_are_not_sayings(message: str) -> None:
    assert not get_safety_net().is_only_a_figure_of_speech(message)


# Danger typed in another language, with and without accents: the English model
# cannot read these, so a few plain phrases do.
ANOTHER_LANGUAGE_DANGER = [
    ("vreau sa mor, nu mai pot", "suicide"),
    ("mi hija bebió lejía", "overdose_poisoning"),
    ("syn wypił wybielacz", "overdose_poisoning"),
    ("a minha filha de 3 anos desapareceu no parque", "child_in_danger"),
    ("الدم ما بيوقف", "self_harm"),
    ("Chcę się zabić, nie mam już siły", "suicide"),
    ("chce sie zabic dzisiaj", "suicide"),
    ("Vreau să mă sinucid în seara asta", "suicide"),
    ("quero me matar, não aguento mais", "suicide"),
    ("ya no puedo más, quiero suicidarme", "suicide"),
    ("أريد أن أقتل نفسي", "suicide"),
    ("pocięłam się i krew leci", "self_harm"),
    ("o sangue não para, me cortei fundo", "self_harm"),
    ("mój syn połknął baterię", "overdose_poisoning"),
    ("copilul a înghițit pastilele bunicii", "overdose_poisoning"),
    ("ela tomou todos os remédios da caixa", "overdose_poisoning"),
    ("se tomó todas las pastillas", "overdose_poisoning"),
    ("mój tata nie oddycha", "medical_emergency"),
    ("mama nu respira, ajutor", "medical_emergency"),
    ("socorro, o meu pai não respira", "medical_emergency"),
    ("mi abuela está inconsciente en el suelo", "medical_emergency"),
    ("زوجي لا يتنفس", "medical_emergency"),
    ("on ma nóż i stoi pod drzwiami", "violence_now"),
    ("are un cuțit și urlă", "violence_now"),
    ("ele tem uma faca e está na porta", "violence_now"),
    ("mi pareja me está pegando ahora", "violence_now"),
    ("zgwałcił mnie, jest jeszcze w domu", "sexual_assault_now"),
    ("m-a violat acum o oră", "sexual_assault_now"),
    ("me violaron anoche, estoy sola", "sexual_assault_now"),
    ("minha filha sumiu do parque", "child_in_danger"),
    ("głosy każą mi skrzywdzić dziecko", "psychosis_harm"),
]

# The same languages' sayings and everyday words: "mum will kill me", a kitchen knife.
ANOTHER_LANGUAGE_EVERYDAY = [
    "nie piję od dwóch lat, szukam pracy",
    "mama mnie zabije jak zobaczy rachunek",
    "essa conta vai me matar",
    "mi madre me va a matar si llego tarde",
    "mă omoară durerea de cap",
    "potrzebuję nowy nóż do kuchni",
    "quero ajuda com a renda, meu marido perdeu o emprego",
]


@pytest.mark.parametrize(("message", "danger"), ANOTHER_LANGUAGE_DANGER)
def test_danger_in_another_language_is_caught(message: str, danger: str) -> None:
    assert danger in get_safety_net().dangers(message)


@pytest.mark.parametrize("message", ANOTHER_LANGUAGE_EVERYDAY)
def test_sayings_in_another_language_name_no_danger(message: str) -> None:
    assert get_safety_net().read(message).named == frozenset()
