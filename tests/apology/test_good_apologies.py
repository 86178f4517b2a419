"""Complete, sincere apologies as people really format them (greetings, sign-offs, bullet
lists, dashes, ellipses, lines without full stops) draw no error or warning, weak-looking words
and all: a false alarm is the checker's worst failure. Written for these tests, in our own words."""
from __future__ import annotations

import pytest

from planner.apology.checker import lint
from planner.apology.checker.analysis import ITEMS, analyse

GOOD_APOLOGIES = [
    '''Hi Priya,

I'm so sorry about Saturday. I booked your party for the 12th instead of the 19th, so when you arrived with twelve guests there was no table for you. That was my mistake, and I know it spoiled a birthday.

Here is what I've done:
- your deposit of £60 is back on your card as of this morning;
- I've reserved the back room for you on the 19th at 7pm, dinner on us;
- I'll ring you on Thursday to go through the menu.

Again, I'm sorry.

Marco
Trattoria Lupo''',
    '''Dear Mr Harlow,

I apologise. We charged your card twice for the March order, and you only noticed when your bank warned you about the balance. I entered the payment a second time when the first one seemed to hang, and I did not check whether it had gone through.

I refunded the second payment at 9:40 today; your bank may take two working days to show it. I will call you on Friday morning to make sure it has arrived.

Kind regards,
Sofia Lind
Accounts, Brightwell Supplies''',
    '''Hello Jan — I'm sorry. Your van went to Leeds instead of Luton on Tuesday because I typed the wrong depot code, and your crew stood around for half a day. That's on me. A replacement van is booked for 7:00 tomorrow at your yard, and I'll be there myself at 7:30 to check it over with you.''',
    '''Sorry, Amy... I completely forgot to send the signed contract last week, and I know it held up your board meeting. No excuse: it sat in my outbox. It's in your inbox now, signed, and I'll phone you at 2 today to walk through the two clauses you asked about.''',
    '''Dear Ms Oyelaran,

Thank you for telling us what happened at the branch on Monday. You were kept waiting for 50 minutes for an appointment you had booked, and then told to come back another day. That should never have happened, and I'm sorry.

It happened because I double-booked the adviser's diary when I moved appointments around that morning. I have rebooked you for Wednesday 14 May at 10:00 with me, in a private room, and I will call you the day before to confirm.

Yours sincerely,
Dev Anand
Branch Manager''',
    '''Hi Tom,

We got your kitchen order wrong. We fitted the oak worktop when you had chosen walnut, and you found out only after the fitters had left. I'm really sorry; I signed off the job sheet without checking it against your order.

The walnut worktop is ordered and our fitters will swap it on Monday 3 June, starting at 8. There's no charge for any of this, and I'll come by at the end of that day to see it with you.

Best,
Hannah''',
    '''I'm sorry for the way I spoke to you at the counter yesterday. You asked a fair question about your refund and I was short with you, which was rude of me. I've processed the refund today (£34.50 to your card), and I'd like to call you tomorrow at 11 to apologise in person if that suits you.''',
    '''Dear Dr Weiss,

My apologies: the lab results you were waiting for on Friday were not sent, because I filed them under the wrong patient number. I found the error this morning and corrected it. The results are attached to this email, and I will phone your surgery at 16:00 today to confirm you have them.

With regret and apologies,
Lena Brandt
Northside Laboratory''',
    '''Hey Chris, really sorry - I missed our 3 o'clock call. I had it in my calendar for Thursday, not Wednesday, and didn't double-check. Can we do tomorrow at 3 instead? I'll send a new invite in the next ten minutes.''',
    '''Dear customer,

We are sorry. The parcel we sent you on 2 April was missing the charger, and without it you couldn't use the laptop you had bought for your exam week. Our packing team left it out, and I am responsible for that team.

A charger went out by express this morning and will reach you by 1pm tomorrow. If it does not, call me directly on 01632 960 123 and I will drive one to you.

Ruth Okafor
Customer Care Lead''',
    '''Hi Nadia,
sorry, my mistake: I quoted you last year's price for the boiler service, which is £20 less than what I invoiced.
I've cancelled the invoice and will send a new one at the quoted price by Friday.
Thanks for flagging it,
Ben''',
    '''Mr Achterberg,

I am sorry we let you down on the launch. We promised the banners for Thursday, delivered them on Monday, and your stand was bare for the opening day. We underestimated the print time and did not tell you when we knew we were behind, which made it worse.

We will refund the full print cost (£1,240) by Wednesday 12 March, and for your next event we will print at least a week early. I will call you on Thursday at 10:00 to agree the dates.

Regards,
Ilse de Vries
Print Studio Noord''',
    '''Dear Ms Grant,

I'm sorry that your daughter's cake was delivered to the wrong address on Saturday. It's not ideal, I know, to be told an hour before a party that the cake is across town; it was our driver's route and my schedule, so it's on us.

We will bake a new cake for any date you choose, free of charge, and I will deliver it myself. I'll phone you tomorrow afternoon to fix the day.

Warm regards,
Elif
Sweet Crumb Bakery''',
    '''Hi team at Carver & Sons,

I owe you an apology, and here it is: I'm sorry. On Tuesday I told your site manager the scaffold would be up by noon, and it wasn't finished until 5 pm, so your roofers lost an afternoon. I misjudged how long the access would take and I didn't warn you.

We'll cover the roofers' lost afternoon on your next invoice, and from now on I'll send you a time estimate the day before every job. I'll check in with your site manager at 8 on Monday.

Rob''',
    '''Dear Mrs Lindqvist,

You were right to complain. Your husband's prescription was not ready when he came in on Friday, even though we had texted him that it was. I sent that text before the pharmacist had checked the order, and I am sorry for the wasted trip.

The prescription is ready now; our driver will bring it to your door today between 2 and 4 pm. I will call you tomorrow morning to check everything is in order.

Kind regards,
Jonas''',
    '''Good morning Mr Patel,

I'm sorry — we missed the deadline for your VAT return. I put the wrong date in our diary system, and I only noticed when HMRC's letter arrived. You now face a £100 penalty, which we will pay; I'll send the payment confirmation by Friday.

I have also set a second reminder for every client deadline from this week. I'll ring you on Monday to talk through anything else you need.

Best regards,
Amira Hassan
Hassan & Co Accountants''',
    '''Hi Lou, just wanted to say I'm sorry for snapping at you in the meeting. You were making a fair point and I cut you off. I'll make sure you get the floor first in Thursday's review, and I'll grab you for a coffee tomorrow at 10 if you're free.''',
    '''Dear Mr Kowalski,

I'm writing to apologise. I'm sorry that your flat was left without heating for four days last week. Our engineer ordered the wrong valve, and I didn't chase the supplier when it failed to arrive — that was my job, and I didn't do it.

The right valve is here, and the engineer will fit it tomorrow (Tuesday) at 9:00. We will also refund two weeks of your service charge by 30 April. I'll call on Wednesday to make sure the heating is working.

Yours sincerely,
Grace Mensah
Property Manager''',
    '''Dear Ms Chen,

I apologise for the error on your policy documents. I entered your date of birth incorrectly, which is why the renewal price was higher than it should have been. I have corrected it, and the new documents, with the lower price, will be emailed to you by 5pm today. I will phone you on Friday to make sure everything matches.

Kind regards,
Peter''',
    '''Sorry Jess, I messed up. I told you the room was booked for your workshop and I hadn't actually confirmed it — so your group ended up in the corridor for twenty minutes. I've booked the same room for next Tuesday at 9, confirmed in writing this time (attached), and I'll meet you there at 8:45.''',
    '''Dear Mr Fenn,

I would like to apologise, and I'll say it plainly: I'm sorry. The courier we chose lost your parcel on Tuesday. That is no excuse; we picked that courier, so the loss is ours. A new parcel left this morning by tracked express and will reach you by noon tomorrow. I'll call you at 2pm tomorrow to be sure it arrived.

Best wishes,
Karin''',
    '''Hi Dana,

You told us on Monday that the sink was leaking, and we did not come until Thursday. I'm sorry; I put your job at the back of the queue and I shouldn't have. The plumber will be with you at 8 tomorrow, and if the new seal fails again I will replace the whole unit the same day, at our cost.

Mo''',
    '''Dear Ms Ruiz,

This was not a glitch. I typed your tariff in wrongly when I moved you to the new plan, so you paid £18 too much each month since January. I'm sorry.

I have refunded £72 to your account today, and I will check your March bill with you on the phone on 2 April at 10:00.

Regards,
Tom Reilly''',
    '''Hello Sam,

If you'd rather not wait for the repair, I can refund you in full today instead — just say which you prefer. Either way, I'm sorry: I sold you a bike with a cracked frame, and I didn't inspect it before you collected it.

The repair, if you choose it, will be done by Saturday at noon.

Joe
Spoke & Chain''',
    '''Dear Mrs Bauer,

I am sorry we cancelled your cleaning on Monday without warning. Our scheduler moved two jobs and I approved the change without checking who it affected. Only afterwards did I see that you had guests arriving that evening.

A cleaner will come this Thursday at 9:00 at no charge, and I will call you on Friday to hear how it went.

Kind regards,
Sara
Sparkle Home Services''',
    '''Hi Leo — sorry about the invoice. I billed you for 12 hours when the job took 8; I copied the hours from another client's sheet. A corrected invoice for 8 hours is attached, and I've cancelled the old one. I'll check in on Monday at 9 to make sure your accounts team has what they need.''',
    '''Dear Councillor Hughes,

I'm sorry. At Tuesday's meeting I said that the residents' petition was "mostly noise". That was wrong and it was disrespectful to the 400 people who signed it. I have written to the petition organisers today to apologise to them directly, and I will attend their meeting on 9 June at 7pm to listen to their case in full.

Yours sincerely,
Alan Marsh''',
    '''Dear Mr Osei,

I'm very sorry that your mother's hearing aid was sent back to you unrepaired. I closed the repair ticket by mistake when I meant to close a different one, so nobody worked on it for three weeks.

A technician has it now and will repair it by Wednesday 21 May; we will courier it to her home the same day, free of charge. I will ring you on Thursday morning to check she has it.

Best regards,
Hana Ito
Clearsound Hearing''',
    '''Hi Bea,

Just now I saw your message about the wrong paint colour. I'm sorry: I mixed "sage" when your order said "sea green", and I didn't check the card against the order. I'll repaint the bedroom wall on Saturday from 10, with the right colour, and bring the tin for you to check before I start.

Cheers,
Owen''',
    '''Dear Ms Adeyemi,

I apologise for the way your complaint was handled. You called us three times about the broken lift, and each time I logged it as low priority. That was my misjudgement, and it left you carrying shopping up six floors.

The lift engineer is booked for Monday 7 July at 8:00, and I will visit you the same afternoon to make sure it is working.

Yours sincerely,
Frank Olsen
Housing Officer''',
    '''Dear Mr Lim,

I'm sorry I kept you waiting for a reply for two weeks. Your email about the damaged table reached me on the 3rd, and I left it unanswered because I assumed a colleague had taken it. That's not acceptable, and it's on me.

We will collect the damaged table on Thursday between 8 and 12 and deliver a new one at the same time. I'll text you on Wednesday evening with the exact slot.

Regards,
Maja''',
    '''Hi Ana,

I'm sorry for the mix-up with your hotel booking: I reserved a double room when you had asked for two singles, and you had to share with a colleague you barely know. It was my mistake.

I've moved you to two single rooms from tonight, at no extra cost, and I'll call the front desk at 6pm to make sure it's done.

Petra''',
    '''Dear Ms Navarro,

Please accept my apologies. When you called on 4 March to cancel your membership, I told you it was done, but I never submitted the form, so you were charged £45 in April and again in May.

I have refunded both payments (£90) to your card this afternoon and closed the membership. You will get a written confirmation by email within 24 hours. I'll phone you next Tuesday to make sure the refund has landed.

Sincerely,
Owen Blake
Membership Manager, Riverside Leisure''',
    '''Hi Marcus,

I apologize. I approved the release on Thursday without running the full test suite, and the checkout page on your store was down for six hours on Friday. You lost a day of sales because of that.

We have rolled the release back, and I've added a rule so nothing ships without the full tests passing. We'll credit one month of hosting ($249) on your next invoice, and I'll walk you through the incident report on Monday at 4pm.

Best,
Jia''',
    '''Dear parents,

My sincere apologies. On Friday I sent home the wrong consent form for the museum trip, and several of you signed up for a date that had already changed. That was my error; I copied last year's letter.

The correct form is attached, with the new date of Thursday 12 June. I will be at the school gate on Monday and Tuesday from 8:15 to answer questions, and I'll refund anyone who can no longer come by the end of next week.

Kind regards,
Mrs Adebayo
Year 4 Teacher''',
    '''Dear Mr Sato,

We owe you an apology, and I'm sorry. Our technician arrived without the replacement compressor on Wednesday because I ordered the wrong model for your unit. Your shop had no cold storage for another two days.

The right compressor is on our van now. Our technician will fit it tomorrow (Friday) between 8 and 10, and we will pay for the stock you had to throw away — please send me the amount and I'll transfer it the same day. I'll call you at noon tomorrow to check the unit is holding temperature.

Regards,
Ingrid Falk
Service Manager''',
    '''Hello Ruth,

I'm really sorry — I completely missed your email about the dietary requirements, so there was nothing your two vegan guests could eat at Saturday's dinner. That must have been embarrassing in front of your clients, and it's on me.

I've refunded the cost of the two meals and added a note to your account so every booking of yours is checked for dietary needs. For your next event, the chef will call you a week before to go through the menu, and I'll confirm the booking with you myself.

Warm regards,
Lucia
Events, The Old Granary''',
    '''Dear Professor Ahmed,

I am sorry that your paper was sent to reviewers with your name still on it. I forgot to remove the author details before I uploaded the file, which broke the blind review you were promised.

I have withdrawn the paper from both reviewers today, and it will go to two new reviewers by Friday 20 June with the details removed. I will email you on that day to confirm, and the decision date stays the same.

Yours sincerely,
Dr Hanna Kovacs
Editorial Office''',
    '''Hi Dan,

Sorry, my mistake! I booked your flight for the 14th instead of the 15th. I've already changed it to the 15th at 7:40 at no cost to you, and the new ticket is attached. I'll text you the morning before to confirm the gate.

Kelly''',
    '''Dear Mr and Mrs O'Connor,

I apologise for the way our crew left your garden on Tuesday. We dug the trench for the new drain and did not fill it or clear the soil, and your children couldn't use the garden for three days. I should have checked the site before the crew left, and I didn't.

Our crew will return on Saturday at 8 to fill the trench, level the lawn and lay new turf, free of charge. I'll be there myself at 9 to see it done.

Kind regards,
Tom Fitzgerald
Fitzgerald Groundworks''',
    '''Hello Ms Pereira,

I'm sorry about the invoice we sent on 2 May. I charged VAT twice on the consultancy fee, so it came to £480 more than it should. I built the invoice from an old template and didn't check the totals.

A corrected invoice is attached, and I've cancelled the old one in our system. If you have already paid, I'll refund the £480 within two working days. I'll call you on Thursday morning to make sure your finance team has what they need.

Best regards,
Nikhil Rao''',
    '''Good afternoon,

I want to apologise to the residents of Elm Street. I'm sorry: our crew blocked your road with the skip lorry for most of Monday without the notice we promised, and some of you could not get to work. We did not send the letters we said we would.

From this week every closure will be notified by letter at least five days ahead. We will cover any parking fines or taxi fares from Monday — send receipts to me at the address below by 30 June and I will pay them within a week.

Sam Osei
Site Manager, Northbridge Builders''',
    '''Hey Priya — I'm sorry I snapped at you on the call yesterday. You asked a fair question about the budget and I was dismissive; that wasn't OK. I've put 30 minutes in our diaries for Thursday at 11 to go through the numbers properly, and I'll send you the full sheet tonight.''',
    '''Dear Ms Whitfield,

I'm sorry that your mother's room was not cleaned on Saturday or Sunday. I changed the weekend rota and left her room off the list, and nobody noticed until you visited.

Her room was deep-cleaned this morning, and I have added a daily check that I sign myself. I will phone you on Wednesday at 5pm to hear how she is finding it, and you can reach me directly on 07700 900 123 at any time.

Yours sincerely,
Patricia Moore
Home Manager''',
    '''Dear customer,

We're sorry. On 3 July we sent you a reminder saying your loan payment was overdue when you had paid on time. We applied your payment to the wrong account, and I'm sorry for the worry that letter caused.

We corrected your account on 5 July, removed the late fee of £25 and told the credit agencies that the reminder was our error. You'll get written confirmation by 12 July. If you have any questions, call me on 0161 496 0321 and I will answer them myself.

Grace Lin
Customer Relations''',
    '''Hi Alex,

I'm so sorry — I promised you the design drafts by Monday and I sent them on Thursday, which left your team three days short before the client pitch. I took on another project that week and didn't tell you, which I should have.

The final files are in your shared folder now, and I've cut my fee for this stage by 25%. For the rest of the project I'll send you a progress note every Friday by 5.

Jon''',
    '''Dear Mrs Holt,

My apologies for the delay in paying your claim. Your claim was complete on 2 April, and I left it in my queue for three weeks while I handled newer ones. That was wrong of me.

I authorised the payment of £1,150 today; it will reach your account by Monday 28 April. I have also added £50 for the delay. I will ring you on Tuesday to confirm it has arrived.

Kind regards,
Michael Grant
Claims Handler''',
    '''Hello Mr Brandt,

I apologise for the mix-up with your rental car. I reserved a compact when you had asked for a seven-seater, and your family had to take two taxis from the airport. I'm sorry; I chose the wrong category on the booking.

I've refunded the two taxi fares (€86) and your first day's rental. A seven-seater is waiting for you at our city office from 9 tomorrow, and I'll call you tonight at 7 to confirm the pick-up.

Regards,
Elena''',
    '''Hi Mrs Dale, it's Mark from Greenway Windows. I'm calling to say sorry, and I am sorry. Our fitter left your back door unlocked on Tuesday night, and you came home to find it open. That should never have happened, and it's my responsibility, because I didn't give him the checklist. I'm coming round tomorrow at ten with a new lock, fitted free, and I'll ring you on Friday to make sure you're happy with it.''',
    '''To our customers,

Last Thursday our booking site went down for nine hours, on the first day of the summer sale. Many of you lost the holidays you had planned to book, and some of you were charged without getting a confirmation. We are sorry. We moved the site to new servers that week and did not test them under a sale's load; that decision was mine.

Every customer charged without a booking will be refunded by 20 June, and we are honouring the sale prices for everyone until 30 June. From today, no change to our systems goes live in the two weeks before a sale. I will publish what we changed on 1 July.

Hana Petrova
Chief Executive, Skyline Holidays''',
    '''So sorry Ben, I forgot to pick up your parcel from the depot. Going now, will drop it at yours by 6.''',
    '''Ref: PO 4471 / NCR 0192

Dear Mr Ruiz,

We supplied 2,000 brackets against PO 4471 with the holes drilled 2 mm off centre, and your line rejected the whole batch on 14 May. I apologise. Our jig was reset after maintenance and nobody here measured the first piece, which our own procedure requires.

A replacement batch, measured piece by piece, will be delivered to your Goods In by 12:00 on 21 May. We will credit the rejected batch in full (€3,860) on your May statement, and I have reinstated first-piece measurement on every job. I will call you on 22 May at 9:00 to confirm the parts are running.

Yours sincerely,
Karl Weber
Quality Manager''',
    '''Hi Jess, thank you for telling us. You're right: your table was booked for 7:30 and you waited until 8:15 because I gave it to a walk-in party. I'm sorry — that was a poor call on a night that mattered to you. I'd like to have you both back for dinner on us; just reply with a date and I'll hold the table myself. — Omar, manager''',
    '''Dear Mr Lewis,

I'm writing because your blood test results were not sent to your GP as we promised. I put the request in the wrong tray, and it sat there for eleven days. I apologise; I know you were anxious to hear.

The results went to your GP by secure email at 9:10 this morning, and a copy is enclosed. I have asked your GP's surgery to call you today. I will telephone you on Thursday afternoon to check you have heard from them.

Kind regards,
Sister Maria Costa
Outpatients''',
    '''Hi Tariq,

I'm sorry we missed the go-live on Monday. I underestimated the data migration and didn't warn you until Sunday night, which left your team no time to plan.

What happens now:
* the migration runs tonight from 20:00, and I'll be online the whole time
* your team can log in from 07:00 tomorrow
* we won't bill this month's support fee

I'll join your 09:30 stand-up tomorrow to answer questions.

Anna''',
    '''Dear Ms Okoye,

I'm sorry. You reported the broken boiler on 3 January and I didn't arrange a repair until the 10th, so you and your children had no hot water for a week in winter. I should have treated it as an emergency.

The engineer fixed the boiler yesterday. I will take a week's rent (£210) off your February payment, and from now on I will send an engineer within 24 hours of any heating fault. I'll call you on Monday evening to check it is still working.

Regards,
David Shah''',
    '''Dear Mr and Mrs Park,

I apologise for leaving Joon off the list for Friday's coach to the music festival. I printed the list from an old spreadsheet, so he stayed behind at school while his class went. I'm so sorry; I know how much he had practised.

Joon will travel with the orchestra to the regional final on 14 March, with a seat booked in his name. I'd like to meet you on Wednesday at 3:30 to apologise in person and answer any questions.

Yours sincerely,
Ms Claire Hughes
Head of Music''',
    '''Hi Sophie — I'm sorry we gave Rufus the wrong dose of his ear drops on Saturday. I read the old prescription instead of the new one; it was my mistake. He's fine, and Dr Patel checked him this morning. The correct drops are ready at reception, free of charge, and I'll phone you on Tuesday to see how his ear is doing.''',
    '''Dear Lena,

We sent your brand guidelines to another client on Tuesday. It was our mistake — I attached the wrong file to a group email — and I'm truly sorry. I know those guidelines weren't public yet.

The other client has confirmed in writing that they deleted the file unopened. I have changed our settings so that no client file can go to an outside address without a second sign-off, starting today. I'll send you the written confirmation by 4pm and call you at 5.

Best,
Tom''',
    '''Dear Mr Novak, I'm sorry that our driver didn't turn up for your 5 am airport booking on Friday, and that you had to pay £85 for another taxi. I assigned your booking to a driver who was off that day. I have refunded your £40 fare and sent you £85 for the other taxi today; both should reach your card within 3-5 working days. I'll check with you on Wednesday that they've arrived.''',
    '''Dear Ms Ito,

Thank you for writing to me. I'm sorry your room wasn't ready when you arrived at 3pm, and that you waited in the lobby until 6 with your children. I released your room to a late checkout without checking your arrival time. That was my mistake.

I have refunded your first night, and I've upgraded your stay next month to a family suite at no extra cost. I'll be at reception when you arrive on 12 August to welcome you myself.

Yours sincerely,
Rafael Mendes
Front Office Manager''',
    '''Team — apologies for yesterday's email outage. I applied a certificate update at 10am without checking the expiry date, and no mail went in or out until 2pm. That's on me. The certificate is fixed, and I've set a calendar alert 30 days before every expiry from now on. If you lost anything in those four hours, tell me by Friday and I'll help you recover it.''',
    '''Dear Ms Kaur,

I am very sorry about the food at your father's 80th on Saturday. We served the chicken dish to a table where three guests had told us they were vegetarian, and we ran out of dessert for the last two tables. I didn't check the seating plan against the dietary list, and I under-ordered.

We will refund the full catering fee of £1,450 by Friday 9 May. I'd also like to cook a dinner for your father and your family at home, at a date of your choosing, at our expense. I'll call you on Wednesday morning to talk it through.

With apologies,
Georgia Lane
Lane's Kitchen''',
    '''Dear Mr Adler,

I apologise: we blocked your card on holiday in Lisbon because our fraud check flagged a normal payment, and when you called us we kept you on hold for 40 minutes before unblocking it. I reviewed the call, and our adviser should have unblocked it in the first minute.

We have unblocked your card and refunded the £23 in call charges. I am also paying £50 into your account today for the trouble. I will write to you by 30 April with what we are changing in our fraud checks.

Yours sincerely,
Elsa Brandt
Customer Relations Manager''',
    '''Dear Ms Ahmed, I'm sorry: I decided to close the branch an hour early on Saturday without telling anyone who had booked, and you arrived to a locked door. The decision was mine and it was wrong. I have rebooked you for Saturday at 10, and I'll be there to meet you.''',
    '''Hi Rob, I'm sorry — a technical fault I introduced in Monday's update sent your invoices to the wrong contact. I should have tested it. I've resent all four invoices to the right person this morning and I'll check with you at 4 today.''',
    '''Dear Mr Lin, we found no evidence that your card number was seen by anyone, but your name and address were visible to other users for two hours because I changed a setting without checking it. I'm sorry. I have reversed the change, and I will write to you by Friday with everything we found.''',
    '''Dear Ms Cole, I'm sorry we tried to deliver your sofa on the wrong day. I put the 12th in our system when you had asked for the 21st. Our crew will deliver it on the 21st between 8 and 10, as you asked, and there is no delivery charge.''',
    '''Hello Jo, I'm sorry for the mix-up with your course booking. The wrong date came from our office: I typed it in. You're now booked on the 14 May course at 9:30, and I've emailed you the joining details.''',
    '''Dear Mr Grey, I'm sorry your experience at the clinic on Tuesday was so poor: I double-booked your slot, and you waited 90 minutes. I have booked you the first appointment on Thursday at 8:30, and I'll call you on Wednesday evening to confirm.''',
    '''Hi Mina, I'm so sorry. Our rush of orders after the TV piece was ours to plan for, and I didn't hire enough help, so your cake went out two days late. I've refunded the cake in full today, and I'd love to see you in the shop so I can make it up to you — your next cake is on us, any day you choose.''',
    '''Dear Mr Ortiz, you were responsible for none of this, and I'm sorry we made it look otherwise: I wrote to you about a missed payment that was our error. I've cancelled the letter, removed the £12 fee, and I'll confirm in writing by Thursday.''',
    '''Dear Mrs Bell, I'm sorry the situation with your boiler went on so long. I didn't chase the part after it was ordered, and you had no heating for five days. The engineer fits the part tomorrow at 9, and I'll call you at noon to check it's working.''',
    '''Dear Mr Shaw, I'm sorry that a minority of our tickets for the concert, yours among them, were printed with the wrong date. I sent the wrong file to the printer. Your corrected tickets are attached, and I'll phone you on Monday to make sure they arrived.''',
    '''Hi Leah, I'm sorry I was less than a week into the job and still got your order wrong: I picked the wrong colour from the shelf. The right one goes out today by tracked post, and I'll text you tomorrow when it's out for delivery.''',
    '''Dear Ms Quinn, I apologise. Our team tried to reach you three times on Monday to say the engineer was running late, but I gave them an old number. That was my mistake. The engineer will come back tomorrow at 8, and I'll ring you at 7:45 on the right number.''',
    '''Dear Ms Rowe, I'm so, so sorry. This happened on my watch: the new assistant sent your contract to another client because I hadn't shown him the filing system. Consider the invoice for this month cancelled, and I'll call you on Monday at 11 to go through the contract together.''',
    '''Mr Evans — the buck stops with me. I'm sorry that your van sat in our yard for a week after the repair was finished; nobody rang you, and it was my job to make sure they did. It's ready now, there's nothing to pay for the extra days, and I'll drive it to you myself tomorrow at 9.''',
    '''Hi Sunita, I hold my hands up: I booked the photographer for the wrong Saturday, and you had no one at your engagement party. I'm mortified, and I'm sorry. Your next shoot is free, on any date you choose, and I've refunded the £300 deposit to your card today.''',
    '''Dear Mr Kim, we were in the wrong, and I apologise. We cut off your broadband for a bill you had already paid, because I didn't match your payment to your account. Your line was back on at 8:05 this morning, your next three months are free, and I'll phone you on Thursday to make sure everything is working.''',
    '''Dear Priya, I have no excuse. I promised to send the revised plans by Friday and I forgot. I'm very sorry indeed, especially as your builder was waiting on them. The plans are attached, and I will come to the site on Monday at 8 to go through them with your builder.''',
    '''Hello Mr Faulkner, please accept my sincere apology. I gave you the wrong date for your passport appointment, and you travelled to the office for nothing. I have booked you a new slot for Wednesday 9 April at 10:15, and we will pay your travel costs — send me the receipts and I'll transfer the money within two days.''',
    '''Dear Aisha, our apologies — that one's on us. We packed your order with another customer's shoes. The right pair is already on its way by express and reaches you tomorrow before 1pm; keep the other pair's box by the door and our courier will collect it at the same time.''',
    '''Hi Grant, I owe you an apology, so: I'm sorry. I told your team the new laptops would be set up by Monday, and I didn't order them in time. They arrive Wednesday; I'll be in your office on Wednesday at 2 to set them up, and I've taken the set-up fee off your invoice.''',
    '''I'm sorry, Dave. You asked for the blue tiles and we laid the grey ones — I read the wrong line on the order. Would Tuesday at 8 work for us to relay them? There's no charge, and I'll be there myself.''',
    '''Hi Carla, we owe you a proper apology. We shipped your order to your old address even though you had updated it in your account, because our system wasn't reading the new field and we hadn't tested it. I'm sorry. The charge has been reversed, and a replacement ships today to your new address with overnight delivery.''',
    '''Dear Mr Hale, I apologize for my behavior at Tuesday's meeting. I interrupted you repeatedly and dismissed your concerns about the schedule, and I was wrong to. I'd like to sit down with you on Thursday at 3 to hear them properly, and I've asked the team to add your points to Friday's agenda.''',
    '''Dear Nora, we can either refund the £60 or send you a new kettle — your choice, and I'll do whichever you pick by Friday. Either way, I'm sorry: the one we sent you was a return that I should have checked before it went out.''',
    '''Sorry Sam, that was my mistake — I left you off the rota email, so you didn't know about Saturday's shift change. I've added you to the list, and I'll call you tonight at 7 to sort out the pay for the hours you missed.''',
    '''Dear Mrs Olsen,

I am writing to apologise properly for what happened at your mother's care review on 3 March. I arrived forty minutes late, I had not read her file, and I asked you questions you had answered many times before. That was careless and disrespectful, and I am sorry.

I have read her file in full. I have rearranged the review for Tuesday 11 March at 2pm, with the same team, and I will send you a written summary by 14 March.

Yours sincerely,
Daniel Reyes
Care Coordinator''',
    '''Hi there, I'm really sorry about the noise from our kitchen extractor last night — we ran it past 11pm, which we agreed with you we wouldn't do. That's on us. I've set a timer so it switches off at 10:30 every night from tonight, and I'll knock on your door on Saturday morning to see if it's better.''',
    '''Dear Mr Turner, you were right, and I'm sorry. The quote we sent you left out the cost of removing the old kitchen, and then we added £650 to the final bill. I drew up that quote and missed it. We'll take the £650 off your bill — a corrected invoice will be with you by Wednesday — and I'll call you on Thursday to confirm it's all in order.''',
]


@pytest.mark.parametrize("text", GOOD_APOLOGIES, ids=range(len(GOOD_APOLOGIES)))
def test_a_complete_apology_draws_no_error_or_warning(text: str) -> None:
    serious = [
        (f.severity, f.category, text[f.start : f.end][:60])
        for f in lint(text)
        if f.severity in ("error", "warning")
    ]
    assert serious == []


@pytest.mark.parametrize("text", GOOD_APOLOGIES, ids=range(len(GOOD_APOLOGIES)))
def test_a_complete_apology_ticks_sorry_owns_remedy_and_date(text: str) -> None:
    analysis = analyse(text)
    ticked = {item for item in ITEMS if analysis.done(item)}
    assert {"sorry", "owns", "remedy", "dated"} <= ticked
