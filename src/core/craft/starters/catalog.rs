//! The starters' shapes and example copy. Delays are after the previous step; a task does
//! not hold the next step back, so an email after a 1-day task and 2 business days comes
//! about 3 days after the previous email.
use super::{call, fresh, linkedin, reply, Draft};

pub(super) fn all() -> Vec<Draft> {
    vec![
        cold_outbound(),
        trigger_based(),
        inbound_nurture(),
        demo_no_show(),
        post_demo(),
        stalled_deal(),
        customer_onboarding(),
        expansion(),
    ]
}

fn cold_outbound() -> Draft {
    Draft {
        id: "cold-outbound",
        name: "Cold outbound",
        description: "Prospects who do not know you yet: 10 touches over about 4 weeks, emails with LinkedIn and calls in between, ending with a breakup.",
        first: (
            "Question about {{company|your team}}",
            "Hi {{first_name|there}},\n\nTeams like {{company|yours}} often lose hours each week chasing follow-ups by hand. We help sales teams send them on time, from their own mailbox.\n\nAs {{title|someone who runs sales}}, is this on your list for this quarter?",
        ),
        steps: vec![
            reply(3, "Hi {{first_name|there}},\n\nFloating this up in case it got buried. Would a 15-minute look at how it works for {{company|your team}} be useful?"),
            linkedin(1, "Connect on LinkedIn with a short note that mentions their company; no pitch."),
            fresh(3, "An idea for {{company|your team}}", "Hi {{first_name|there}},\n\nOne customer, a team about the size of {{company|yours}}, cut their reply time in half in the first month, mostly by never missing a second follow-up.\n\nWorth a short call to see if the same would work for you?"),
            call(2, "Call; if voicemail, mention the email about halving reply time."),
            reply(3, "Hi {{first_name|there}},\n\nIs follow-up something you own at {{company|your team}}, or is there someone better to ask? Happy to reach out to them instead."),
            linkedin(2, "Comment on or like a recent post of theirs; send a message only if they accepted."),
            fresh(3, "Quick case study", "Hi {{first_name|there}},\n\nHere is how a team like {{company|yours}} stopped losing deals to slow follow-ups: three steps, set up in an afternoon.\n\nShall I send the two-page summary?"),
            call(2, "Last call attempt; leave a short voicemail pointing to your emails."),
            reply(3, "Hi {{first_name|there}},\n\nI have not heard back, so I will assume the timing is not right and close the loop on my side.\n\nIf follow-ups become a priority at {{company|your team}}, just reply to this email."),
        ],
    }
}

fn trigger_based() -> Draft {
    Draft {
        id: "trigger-based",
        name: "Trigger-based",
        description: "Prospects with a fresh reason to talk (funding, hiring, a new role): 6 touches over about 2 weeks, opening with the trigger.",
        first: (
            "Congrats, {{first_name|and a question}}",
            "Hi {{first_name|there}},\n\nCongratulations on the news at {{company|your company}}. Growth like that usually means more prospects than the team can follow up with by hand.\n\nIs that something you are planning for yet?",
        ),
        steps: vec![
            reply(2, "Hi {{first_name|there}},\n\nTeams in your position usually want follow-ups sorted before new reps start. Would a 15-minute call next week help {{company|your team}} plan it?"),
            linkedin(1, "Connect with a note congratulating them on the news."),
            fresh(2, "Before the next hire at {{company|your team}}", "Hi {{first_name|there}},\n\nA short checklist we give growing teams: which follow-ups to automate, which to keep personal, and how to measure replies.\n\nWant me to send it over?"),
            call(1, "Call; reference the news and the checklist."),
            reply(3, "Hi {{first_name|there}},\n\nThis is my last note on this. If follow-ups come up as {{company|your team}} grows, reply here and I will pick it up."),
        ],
    }
}

fn inbound_nurture() -> Draft {
    Draft {
        id: "inbound-nurture",
        name: "Inbound lead nurture",
        description: "Leads who signed up or downloaded something: 6 touches over about 2 weeks, helpful first, then a call.",
        first: (
            "Your download, {{first_name|and a tip}}",
            "Hi {{first_name|there}},\n\nThanks for downloading the guide. The section most teams like {{company|yours}} start with is the one on follow-up timing.\n\nWhat made you look for it now?",
        ),
        steps: vec![
            reply(2, "Hi {{first_name|there}},\n\nOne tip from the guide that works fast: space emails two to three days apart and add a call in between.\n\nWould it help to see how {{company|your team}} could set that up?"),
            call(1, "Call to ask what prompted the download; offer a short walkthrough."),
            fresh(2, "How teams like {{company|yours}} use it", "Hi {{first_name|there}},\n\nA two-minute example of a sequence a team like {{company|yours}} runs every week.\n\nShall we walk through yours on a short call?"),
            linkedin(1, "Connect with a note mentioning the guide."),
            reply(3, "Hi {{first_name|there}},\n\nI will stop here so I do not crowd your inbox; this is my last email. If {{company|your team}} wants that walkthrough later, just reply."),
        ],
    }
}

fn demo_no_show() -> Draft {
    Draft {
        id: "demo-no-show",
        name: "Demo no-show",
        description: "Someone who missed a booked demo: 4 touches within a week, easy to rebook, no guilt.",
        first: (
            "Sorry we missed you",
            "Hi {{first_name|there}},\n\nLooks like today's demo did not work out; no problem, calendars happen.\n\nWould another time this week suit you and {{company|your team}}?",
        ),
        steps: vec![
            call(1, "Call once to rebook; keep it short and friendly."),
            reply(2, "Hi {{first_name|there}},\n\nHappy to keep it to 15 minutes and focus on what matters most to {{company|your team}}. Does Thursday or Friday work?"),
            reply(2, "Hi {{first_name|there}},\n\nLast note from me on this. When the timing is better for {{company|your team}}, reply here and we will find a slot."),
        ],
    }
}

fn post_demo() -> Draft {
    Draft {
        id: "post-demo",
        name: "Post-demo follow-up",
        description: "After a demo: 6 touches over about 3 weeks, recap, proof, then a clear close.",
        first: (
            "Recap of our call",
            "Hi {{first_name|there}},\n\nThanks for your time today. As promised, here is the short version: {{company|your team}} would automate follow-ups and see replies per step.\n\nWho else should see this before a decision?",
        ),
        steps: vec![
            reply(3, "Hi {{first_name|there}},\n\nAny questions from the team at {{company|your company}} since the demo? Happy to answer them on email or a quick call."),
            call(2, "Call to check on the decision process and timeline."),
            fresh(3, "How a team like {{company|yours}} rolled it out", "Hi {{first_name|there}},\n\nA short case study of a rollout like the one we discussed: two weeks from start to the first results.\n\nWould a plan like that work for {{company|your team}}?"),
            linkedin(2, "Engage with a recent post; no pitch."),
            reply(3, "Hi {{first_name|there}},\n\nI do not want to keep nudging, so this is my last email for now. If it becomes a priority at {{company|your company}}, reply and I will pick it up."),
        ],
    }
}

fn stalled_deal() -> Draft {
    Draft {
        id: "stalled-deal",
        name: "Stalled deal",
        description: "An open deal that went quiet: 4 touches over about 1.5 weeks, a new angle, then a graceful exit.",
        first: (
            "Still a priority?",
            "Hi {{first_name|there}},\n\nWe last spoke about follow-ups at {{company|your company}}. Priorities shift, so a quick check: is this still on your plate this quarter?",
        ),
        steps: vec![
            call(2, "Call to find out what changed; ask about budget and timing."),
            reply(3, "Hi {{first_name|there}},\n\nIf the timing moved, would a smaller start, one team for one month, make it easier for {{company|your company}}?"),
            reply(3, "Hi {{first_name|there}},\n\nShould I close the file on {{company|your company}} for now? A one-word reply is fine, and I will check back next quarter."),
        ],
    }
}

fn customer_onboarding() -> Draft {
    Draft {
        id: "customer-onboarding",
        name: "Customer onboarding",
        description: "New customers in their first two weeks: 5 touches, a kickoff call and check-ins, ending with an offer of help.",
        first: (
            "Welcome aboard, {{first_name|and thanks}}",
            "Hi {{first_name|there}},\n\nWelcome! I will be your contact while {{company|your team}} gets started.\n\nWhen suits you for a 30-minute kickoff call this week?",
        ),
        steps: vec![
            call(1, "Kickoff call: goals, first sequence, who else needs access."),
            reply(2, "Hi {{first_name|there}},\n\nA tip most new teams find useful: start with one sequence and three steps, then add more once replies come in.\n\nWhich sequence will {{company|your team}} start with?"),
            fresh(3, "How is it going, {{first_name|so far}}?", "Hi {{first_name|there}},\n\nYour first week is done. Are the follow-ups going out the way {{company|your team}} expected?"),
            reply(3, "Hi {{first_name|there}},\n\nIs anything slowing {{company|your team}} down? Reply with one thing we could make easier."),
        ],
    }
}

fn expansion() -> Draft {
    Draft {
        id: "expansion",
        name: "Expansion",
        description: "Happy customers who could use more: 4 touches over about 2 weeks, built on their results.",
        first: (
            "An idea for more teams",
            "Hi {{first_name|there}},\n\nYour team at {{company|your company}} has kept its follow-ups on time for a few months now. Other teams there might want the same.\n\nWould an intro to the team lead next door be welcome?",
        ),
        steps: vec![
            reply(3, "Hi {{first_name|there}},\n\nHappy to share a one-page summary of your team's results that you could forward inside {{company|your company}}. Want it?"),
            call(2, "Call to ask which teams could benefit and who decides."),
            reply(3, "Hi {{first_name|there}},\n\nThis is my last note on expanding for now. When another team at {{company|your company}} is ready, reply here."),
        ],
    }
}
