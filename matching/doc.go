// Package matching decides every rule of a mini-competition on a Dynamic
// Purchasing System (DPS) for children's and young people's care: which
// providers a request must go to, how the request moves from draft to
// decision, how offers are scored and ranked, how money, times and the
// provider register file are read, what providers may see of the young
// person, and how the audit trail is hashed. This comment states those rules,
// and each section names the functions and files that enforce them, so that a
// rule can be followed from here to its code and its tests. Where the service
// package applies a rule of its own (what the trail shows while offers are
// sealed), the section says so.
//
// The package is pure Go: no database, no terminal, no clock. A rule that
// depends on the time takes it as an argument (now, a deadline), and a rule
// that depends on stored data takes that data as values. A rule is therefore
// a function of its inputs: the commands, the app, the region generator and
// the tests all reach the same answer from the same inputs, and a rule is
// tested with a table of inputs and answers. The service package does the
// rest: it reads what a rule needs inside one store transaction, asks this
// package, and writes the result together with its audit event in that same
// transaction.
//
// Errors are [Error] values sorted by [Kind] (invalid input, not found, a
// conflict with the current state, sealed), so that callers choose an exit
// code or a colour without parsing messages. Messages are written for the
// person at the keyboard: what is wrong and what to do. The checks of a form
// come back together as [FieldErrors], one per field.
//
// # Reference data
//
// reference.go holds what every store starts with. It is read-only: the
// values are unexported and every accessor returns a copy.
//
//   - Councils ([Councils], [CouncilBySlug]): the 24 councils of the North
//     West, each named by a slug (the name in lower case with hyphens, such
//     as st-helens) and carrying its GSS code and a short code
//     ([Council.Code]): three capital letters, unique in the region, that
//     begin the ids of its requests. They are BWD Blackburn with Darwen, BPL
//     Blackpool, BOL Bolton, BUR Bury, CHE Cheshire East, CWC Cheshire West
//     and Chester, CUM Cumberland, HAL Halton, KNO Knowsley, LAN Lancashire,
//     LIV Liverpool, MAN Manchester, OLD Oldham, ROC Rochdale, SAL Salford,
//     SEF Sefton, STH St Helens, STO Stockport, TAM Tameside, TRA Trafford,
//     WAR Warrington, WAF Westmorland and Furness, WIG Wigan and WIR Wirral.
//     A request id is the code, the London year of the request's creation
//     and the council's own count of its requests that year (SEF-2026-0012),
//     so that an id tells nobody another council's volume. The store takes
//     the count (NextRequestID of service.Tx, store/requests.go) in the
//     transaction that saves the request, and never gives an id twice, even
//     to two saves at once. Requests saved before ids were per council keep
//     their ids (R-2026-0012).
//   - Frameworks ([Frameworks], [FrameworkByCode]). care-support is led by
//     Knowsley for Halton, Knowsley, Liverpool, Sefton and Wirral, with one
//     lot, packages, for ages 0 to 24. leaving-care is led by Tameside for
//     every council of the region, with the lots group-living,
//     floating-with-accommodation and floating-support, for ages 16 to 24.
//     [Lot.MaxAge] is exclusive.
//   - Lot codes are unique across frameworks, so a lot alone names its
//     framework ([FindLot]). [Lot.NeedsOfsted] marks group-living and
//     floating-with-accommodation, where the Ofsted rule of eligibility
//     applies.
//   - Weights: both frameworks use quality 50, price 35, age cover 15
//     ([DefaultWeights]) unless a council sets its own for a lot, or a
//     request does.
//   - Vocabulary: one list of needs, which is also the list of what a
//     provider can meet ([Needs]); the risks ([Risks]), which a provider
//     lists among its capabilities when it can manage them; and the urgencies
//     today, within-5-days and planned ([Urgencies]). Lists are typed joined
//     by ";" ([ParseNeeds], [ParseRisks], [ParseCapabilities]): case is
//     ignored, every unknown tag is reported at once, duplicates are dropped,
//     and the result keeps the vocabulary's order so that equal sets compare
//     equal.
//   - Purchasers ([Purchaser], [AddPurchaser]): a health body, such as an
//     integrated care board, added to a store as a purchaser on a framework,
//     where it acts as a council does: its requests ([Defaults.Buyer] and
//     [Request.Buyer] carry it to the rules), its settings. Its short code is
//     made from its name, unique among the councils' and other purchasers'
//     (NHS Cheshire and Merseyside ICB is CMI).
//
// # The framework's term
//
// A framework runs for a term ([FrameworkTerm], [SetTerm]): from its start
// for its initial years, then for up to each extension's years as each is
// decided ([FrameworkTerm.Extend], with a reason, refused when none is left
// or once the current end has passed). The ends are last days: 2+1+1 from 1
// October 2015 runs to 30 September 2017, and at the latest to 30 September
// 2019. From six months before the current end (the same day of the month,
// or the month's last) the commissioner is reminded
// ([FrameworkTerm.ReminderDue]) while an extension remains, or until the last
// end when none does. After the last possible end, not on it, a new request
// on the framework is refused ([FrameworkTerm.CheckNewRequest]), and so is
// the broadcast of a draft made before; with no term recorded nothing is
// refused. Each term and decision is an audit event, and audit verify holds
// the stored terms and purchasers against the trail ([TrailCheck.Term],
// [TrailCheck.Purchaser]).
//
// # A request
//
// [BuildRequest] (request.go) checks every field of a [RequestInput] at once
// and returns a draft [Request] or all the problems as [FieldErrors]. The
// service uses it both to create a draft and to edit one ([InputOf] turns a
// request back into its input).
//
//   - Required: the council, which must be a member of the lot's framework;
//     the lot; the case reference (up to 40 printable characters); initials
//     (1 to 4 letters, dots dropped, upper-cased); the date of birth, not in
//     the future; the start date, today or later; the deadline, still ahead,
//     and not on a day after the start date.
//   - The young person's age is their completed years on the start date
//     ([Request.Age], [AgeOn]) and must be within the lot's ages.
//   - Optional: urgency (planned when empty); hours a week, 0 to 168; needs;
//     risks; locality, one line of up to 200 characters; summary, up to
//     4,000; weights (the council's for the lot when empty, else the
//     framework's); price cap (the council's weekly guide price for the lot
//     when empty; "none" for no cap; £0 is refused).
//   - Free text is checked by [CheckText]: a length limit, valid UTF-8, and
//     no control characters other than newline and tab, and no
//     bidirectional controls ([IsBidiControl]), which make text show in
//     another order than it reads; the register file's text is held to the
//     same. Text already stored with any of them is shown inert ([Inert]).
//     A reason, wherever
//     one is required, must be non-empty and at most 1,000 characters
//     ([CheckReason]).
//   - [DefaultDeadline] suggests a deadline for an urgency: four hours for
//     today (23:45 London time when that is at least an hour away and four
//     hours would run past midnight), two days for within-5-days, ten days
//     for planned.
//
// # Eligibility
//
// [Eligibility] (provider.go) splits the providers of the request's framework
// and lot into those invited and those left out. A provider is invited only
// if it passes four hard rules. [Ineligibility] lists every rule it fails, in
// this order, as reason codes ([Reasons]):
//
//  1. not_admitted ([ReasonNotAdmitted]): its status on the lot is not
//     admitted (applied, refused, suspended, withdrawn and removed all
//     fail), or it is admitted from a date (its admitted_on, the
//     framework's next admission date after the decision: see
//     [Framework.NextAdmission]) after the day of the broadcast, which
//     the list left out then carries ([NotInvited.AdmittedOn]).
//  2. area ([ReasonArea]): it does not serve the requesting council; its
//     serves list is "*" for every member council, or council slugs
//     ([ProviderLot.ServesCouncil]).
//  3. age ([ReasonAge]): the young person's age is not within min_age <= age
//     < cover_until of its register row.
//  4. no_registration ([ReasonNoRegistration]): the lot needs Ofsted
//     registration, the young person is under 18, and the provider has no
//     Ofsted supported-accommodation URN on record.
//
// Needs-fit and vacancies are signals for the officer, never filters: an
// [Invitation] carries the request's needs and risks that the provider has
// not declared ([MissingNeeds]) and its vacancies, and an eligible provider
// is invited whatever they say. Both lists come back in provider id order.
// The wording of each code is [NotInvitedWords] (words.go).
//
// The invited list is a snapshot taken at broadcast: each [Invitation] keeps
// the provider's name, email, quality and cover as they were, and later
// register changes do not alter who was invited. The not-invited list is kept
// with the request too; [EncodeNotInvited] and [NotInvitedDigest] give it one
// canonical form, so that the broadcast's audit event can quote the digest of
// a long list instead of every line ([ReasonCounts] counts it by reason).
//
// # The lifecycle
//
// A request's [Status] moves draft → open → closed → opened → awarded or
// no_award, or to cancelled from draft or open; awarded, no_award and
// cancelled are final ([Status.Final]). Each change is one transition in
// transitions.go ([NewDraft], [Request.Edit], [Request.Broadcast],
// [Request.Respond], [Request.Withdraw], [Request.Extend],
// [Request.MoveStart], [Request.CloseDue], [Request.CloseEarly], [Request.Cancel],
// [Request.Open], [Request.Award], [Request.NoAward]): it checks the rule
// (the checks in lifecycle.go), makes the change on the request and returns
// the audit event that records it. The service loads the request, applies
// the transition and writes the request and its events in one transaction;
// the region generator applies the same transitions; a screen offers a step
// when [Status.Allows] does.
//
//   - Draft. Only a draft can be edited: the criteria are fixed once it is
//     broadcast.
//   - Broadcast, draft → open ([CheckBroadcast]): its deadline must still be
//     ahead and its start date not passed. The invited list is taken then.
//     When no provider is eligible, the request closes at once.
//   - Answers ([BuildResponse]), from invited providers only, while the
//     request is open or closed and not yet opened. An answer is a weekly
//     price above £0, or an hourly rate that is multiplied by the request's
//     hours and rounded to the penny ([WeeklyFromHourly]), or a decline with
//     its reason; optionally the age its cover runs until (1 to 30; without
//     it the provider's cover on the register counts), a start date and a
//     note. Its received time is now unless given, and may be neither in the
//     future (a minute's grace) nor before the broadcast. While the request
//     is open, a provider's new answer takes the place of its previous one,
//     keeping what it leaves unset ([ResponseInput.Revising]). An offer that
//     will not be scored, or whose figures look wrong, is recorded all the
//     same, since offering is the provider's right; whoever gives it is
//     warned first, with the reason ([OfferWarnings]).
//   - The deadline moves only later ([CheckExtend]): while the request is
//     open, to a time still ahead, and not to a day after the start date.
//   - The start date moves only later, and only while the request is open
//     and the young person's age on the new date is the age it was sent
//     with ([CheckMoveStart]): eligibility and scores stand, and the
//     answers given were for an open competition. Otherwise the request is
//     cancelled and sent anew. Every invited provider is told, with the
//     reason, which may carry no personal data.
//   - Close, open → closed: at the deadline ([Request.DueToClose]; the
//     service closes a due request whenever it next reads it, and the app on
//     a timer), or before it by an officer, who must give a reason
//     ([CheckClose]); the close time then becomes the deadline, and every
//     invited provider is told. An open request never closes by itself
//     before its deadline, even when every invited provider has answered:
//     providers were promised they could revise until then, so the officer
//     is told and decides ([AllAnsweredWords]). At close the service records each invited
//     provider's register status and quality score: offers are judged on
//     those ([Entrant]).
//   - After close and until the offers are opened, an officer may record an
//     answer that came by phone or email from a provider that had not
//     answered; if it arrived after the deadline it is kept, and counts as
//     late ([Response.Late]). An answer already given cannot be changed after
//     close: no re-pricing ([CheckAnswerChange]). An offer can be withdrawn
//     until the offers are opened ([CheckWithdraw]).
//   - Open the offers, closed → opened: the first ranking of a closed request
//     ([CheckRank]) computes the ranking and records it; that recorded
//     ranking is the one every later view shows. After that the answers are
//     frozen: none can be added, changed or withdrawn. Ranking an open
//     request fails with [ErrSealed].
//   - Award, opened → awarded ([CheckAward]): to a ranked provider; to rank 1
//     with an optional reason, to any other rank only with a reason.
//   - No award, opened → no_award ([CheckNoAward]): with a reason, and
//     optionally the spot purchase made instead ([Request.SpotPurchase]).
//   - Cancel ([CheckCancel]): a draft or an open request, with a reason.
//
// # Sealed offers
//
// Until the offers are opened ([Request.Sealed]) the commissioning side sees
// who answered and when, and whether it was late, but never what was offered
// or declined: the service hides answer contents from its views, and the
// audit trail carries them only as commitments (see Records) whose openings
// it shows once the offers are opened. Providers never see another provider's offer or
// their own rank; after the decision each is told its outcome ([Debrief],
// outcome.go): its own score parts and the winning offer's, each with its
// points, without the winner's price or name, worded by [DebriefWords].
//
// # Scoring
//
// [Rank] (ranking.go) scores the answers of a request's entrants ([Entrant])
// against the effective deadline (the close time, when closed early). It is
// the only place the formula is computed; [Formula], [FormulaTerms],
// [ScoreParts] and [ScoreWorking] (words.go) word it, and change with it.
//
// Weights are whole numbers from 0 to 100 that sum to 100
// ([Weights.Validate]), typed Q,P,A or Q/P/A ([ParseWeights]).
//
// Each answer is checked in this order, and the first test it fails leaves it
// out of the ranking with that reason code ([Excluded]):
//
//  1. declined ([ExclDeclined]);
//  2. withdrawn ([ExclWithdrawn]);
//  3. late ([ExclLate]): received after the deadline;
//  4. above_price_cap ([ExclAbovePriceCap]): a weekly price above the cap
//     when there is one ([Request.AbovePriceCap]), or not above £0;
//  5. age_not_covered ([ExclAgeNotCovered]): its cover (the offer's cover
//     age, else the provider's at broadcast) does not reach past the young
//     person's age;
//  6. provider_not_admitted ([ExclNotAdmitted]): the provider was not
//     admitted on the lot at close.
//
// An invited provider that never answered is listed as no response. Every
// other answer is compliant. With C the compliant offers and a the young
// person's age (0 to 24), each compliant offer o scores:
//
//   - Q is the quality score the provider held on the lot at close, 0 to 100,
//     exactly as written on the register (up to four decimals);
//   - P is 100 × the lowest weekly price in C ÷ o's weekly price;
//   - A is 100 × (min(cover, 25) − a) ÷ (25 − a), held within 0 to 100;
//   - the total is (wQ × Q + wP × P + wA × A) ÷ 100.
//
// The arithmetic is exact, never floating point: scoreExact works in integers
// for every input the register and the request checks allow, and scoreRat in
// rationals otherwise; a test holds the two equal. The total is rounded to
// two decimals, halves away from zero ([RoundHalfAway]), and the rounded
// total ranks, highest first. Offers with the same rounded total are ordered
// by Q (higher first), then the weekly price (lower first), then the received
// time (earlier first), then the provider id. Ranks run 1, 2, 3 without gaps.
// [Scored] keeps the unrounded parts and total, as the nearest float64, with
// the rounded total as text; screens show parts to two decimals ([Format2]).
// The wording of each exclusion code is [ExclusionWords].
//
// # Money
//
// Money is whole pence ([Pence]), so that sums and comparisons are exact.
// [ParseMoney] reads pounds as people type them: 950, 950.5, 950.50,
// £1,200.50, with an optional pound sign, commas only between groups of three
// digits and at most two decimals. Negative amounts, other text and amounts
// over £10,000,000 a week ([MaxPence]) are refused. [Pence.String] shows
// £1,200.50.
//
// # Times
//
// Instants are stored and compared in UTC and shown in Europe/London
// ([London], [ShowTime]: 2026-11-26 17:00); the zone database is compiled in.
// [ParseTime] accepts RFC 3339 (2026-11-26T17:00:00Z), London time as
// 2026-11-26 17:00 or 26/11/2026 17:00, or a time with its offset from UTC
// (2027-10-31 01:30+01:00). A London time that does not exist (the hour the
// clocks skip in March) or happens twice (the hour they repeat in October)
// is refused, naming the offsets to choose from. [ParseDate] accepts 2026-12-01 or
// 1/12/2026 and gives midnight UTC of that date. Today is the calendar date
// in London ([Today]). Ages are completed years ([AgeOn]); a birthday on 29
// February is reached on 1 March in other years.
//
// # Personal data
//
// A request keeps three things that identify the young person, and nothing
// more: the council's case reference, initials and date of birth
// ([Request.CaseRef], [Request.Initials], [Request.DOB]). Providers never see
// them. Everything a provider is shown or sent is built from a [Profile]
// ([ProfileOf]), which has no field for them: it holds the age in years, the
// start date and deadline, the urgency, hours, needs and risks, the locality
// and the summary, the weights and the price cap. Providers also read the
// reasons an officer gives to close early, cancel, award and end without
// award. Every one of those texts goes through one check,
// [CheckProviderText], where it enters ([BuildRequest] for the locality and
// the summary; [Request.CloseEarly], [Request.Cancel] of an open request,
// [CheckAward] and [CheckNoAward] for the reasons): it refuses the
// request's own case reference, initials and date of birth in the forms
// people write them (personal.go says which, and what it lets pass),
// naming the field. What the file needs beside a reason goes in a note
// ([Request.Note]): for the record only, never shown to providers.
//
// # Records
//
// Every change of state writes its audit event in the same store transaction
// as the change: both are kept or neither. audit.go holds the event, its hash
// and the check of the chain.
//
//   - An event is a structured record: its sequence number, when (UTC), who,
//     the request (if any), an action code, and named fields holding what the
//     change set, so that what is on record can be checked against the trail.
//   - Events form a SHA-256 hash chain: each event's hash covers its fields
//     and the previous event's hash, the first following [GenesisHash]. The
//     encoding is unambiguous (each value length-prefixed) and carries a
//     version, so that events written under an older encoding keep verifying
//     after it changes. An edited, deleted, inserted or reordered event
//     breaks the chain; [ChainVerifier] names the first event that does, and
//     its End method finds newest events deleted, against the count the store
//     keeps of the events it wrote.
//   - What must stay hidden is carried in the hashed event as a salted hash
//     of its value (a commitment), never as the value: a sealed offer's
//     contents until the offers are opened, and the young person's case
//     reference, initials and date of birth. The values that open a
//     commitment (its salt and contents) are kept beside the event, outside
//     the hash, and shown only to those entitled once the offers are opened.
//     A copy of the trail without them still verifies, and each stored value
//     can be checked against its commitment.
//   - What is an event (the actions are named in transitions.go, and
//     [Event.Words] reads each in words): a draft's creation (not each edit
//     of a draft, field by field); the broadcast, with the criteria recorded whole and who was
//     and was not invited; each answer, withdrawal, deadline move and close;
//     the opening of the offers with the ranking; the award, the no award or
//     the cancellation; a note for the record (its text committed to, like
//     the personal data); each register row an import adds or changes, and
//     the import itself with the file's SHA-256; a council's defaults; a
//     backup; a backup restored as the store (in the restored trail).
//
// # The register file
//
// [ParseRegister] (register.go) reads a provider register CSV, one row per
// provider and lot. A header row is required and columns are matched by name,
// in any order and any case ([RegisterColumns]); email and phone are the
// optional columns ([OptionalRegisterColumns]), and other columns are ignored.
// The unnamed empty columns a spreadsheet saves after the last named one,
// and their empty cells, are no columns; a row of empty cells is a blank
// line. A file saved with semicolons between its cells (as spreadsheets set
// to a language with a decimal comma save CSV) is refused, saying how to
// save it with commas. A cell with a bidirectional control ([IsBidiControl])
// refuses its row, naming the column and the character.
//
//   - provider_id: 1 to 32 letters, digits, - or _; one name per id in a
//     file; one row per provider, framework and lot.
//   - kind: company, charity, sole-trader or health ([ProviderKinds]).
//   - framework and lot: a lot of that framework.
//   - status: applied, admitted, suspended, withdrawn, removed or refused
//     ([ProviderStatuses]); admitted_on (a date) is required when admitted.
//   - quality_score: 0 to 100, up to four decimals.
//   - serves: "*" or council slugs joined by ";", each a member of the
//     framework.
//   - min_age 0 to 25 and cover_until 1 to 30, whole years, cover_until above
//     min_age.
//   - ofsted_urn: letters and digits, or empty. capabilities: needs and risks
//     joined by ";". vacancies: a whole number, or empty. town: one line, or
//     empty. email: a plain address, or empty. phone: a telephone number
//     (digits, spaces, brackets, hyphens, a leading +), or empty; one of 9
//     or 10 digits without its leading 0 is refused, as a spreadsheet
//     mangled it.
//
// The whole file is checked before anything is imported. Any bad row and
// nothing is imported: the [RegisterError] names every bad line with all its
// problems (the first 200 lines, then a count). A file over 64 MB, a line
// over 64 KB, more than 200,000 rows or text that is not UTF-8 is refused
// whole. A row whose provider, framework and lot are already on the register
// updates that entry (service.ImportProviders).
package matching
