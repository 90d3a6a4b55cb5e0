package demo

import (
	"math"
	"placematch/matching"
	"slices"
)

// ---- Words of the region: invented, and naming nobody ----

type genCouncil struct {
	slug   string
	weight float64 // roughly the population, in hundreds of thousands
}

var genCouncils = []genCouncil{
	{"blackburn-with-darwen", 1.5}, {"blackpool", 1.4}, {"bolton", 3}, {"bury", 1.9}, {"cheshire-east", 4},
	{"cheshire-west-and-chester", 3.6}, {"cumberland", 2.7}, {"halton", 1.3}, {"knowsley", 1.5}, {"lancashire", 12},
	{"liverpool", 4.9}, {"manchester", 5.5}, {"oldham", 2.4}, {"rochdale", 2.2}, {"salford", 2.7}, {"sefton", 2.8},
	{"st-helens", 1.8}, {"stockport", 2.9}, {"tameside", 2.3}, {"trafford", 2.4}, {"warrington", 2.1},
	{"westmorland-and-furness", 2.3}, {"wigan", 3.3}, {"wirral", 3.2},
}

// genHomeWeights are where providers are based: more in the bigger
// councils, but less than in proportion.
var genHomeWeights = func() []float64 {
	w := make([]float64, len(genCouncils))
	for i, c := range genCouncils {
		w[i] = math.Sqrt(c.weight)
	}
	return w
}()

func genCouncilWeight(slug string) float64 {
	for _, c := range genCouncils {
		if c.slug == slug {
			return c.weight
		}
	}
	return 1
}

// genSubRegion is the councils near a council: its sub-region.
func genSubRegion(slug string) []string {
	for _, r := range genSubRegions {
		if slices.Contains(r, slug) {
			return r
		}
	}
	return []string{slug}
}

var genSubRegions = [][]string{
	{"halton", "knowsley", "liverpool", "sefton", "st-helens", "wirral", "warrington", "cheshire-east", "cheshire-west-and-chester"},
	{"bolton", "bury", "manchester", "oldham", "rochdale", "salford", "stockport", "tameside", "trafford", "wigan"},
	{"lancashire", "blackpool", "blackburn-with-darwen", "cumberland", "westmorland-and-furness"},
}

var genTowns = map[string][]string{
	"blackburn-with-darwen": {"Blackburn", "Darwen"}, "blackpool": {"Blackpool", "Bispham"},
	"bolton": {"Bolton", "Farnworth", "Horwich"}, "bury": {"Bury", "Ramsbottom", "Prestwich"},
	"cheshire-east": {"Crewe", "Macclesfield", "Congleton"}, "cheshire-west-and-chester": {"Chester", "Ellesmere Port", "Northwich"},
	"cumberland": {"Carlisle", "Workington", "Whitehaven"}, "halton": {"Widnes", "Runcorn"},
	"knowsley": {"Kirkby", "Huyton", "Prescot"}, "lancashire": {"Preston", "Lancaster", "Burnley", "Chorley", "Morecambe"},
	"liverpool": {"Liverpool", "Garston", "Walton"}, "manchester": {"Manchester city centre", "Wythenshawe", "Levenshulme"},
	"oldham": {"Oldham", "Chadderton"}, "rochdale": {"Rochdale", "Heywood", "Middleton"},
	"salford": {"Salford", "Eccles", "Swinton"}, "sefton": {"Bootle", "Southport", "Crosby"},
	"st-helens": {"St Helens", "Newton-le-Willows"}, "stockport": {"Stockport", "Cheadle", "Marple"},
	"tameside": {"Ashton-under-Lyne", "Hyde", "Stalybridge"}, "trafford": {"Sale", "Stretford", "Altrincham"},
	"warrington": {"Warrington", "Great Sankey"}, "westmorland-and-furness": {"Kendal", "Barrow-in-Furness", "Penrith"},
	"wigan": {"Wigan", "Leigh"}, "wirral": {"Birkenhead", "Wallasey", "Heswall"},
}

var genNameFirst = []string{
	"Brook", "Meadow", "Harbour", "Pennine", "Mersey", "Irwell", "Ribble", "Lune", "Beacon", "Kingsway", "Oakfield",
	"Rowan", "Willow", "Heron", "Lantern", "Compass", "Hearth", "Anchor", "Northgate", "Summit", "Millstone",
	"Viaduct", "Saddleworth", "Moorside", "Bridgewater", "Cedar", "Foxglove", "Hollins", "Larkhill", "Marsh Lane",
	"New Leaf", "Next Chapter", "Open Door", "Pathfinder", "Quayside", "Redbrick", "Riverside", "Sandstone",
	"Skylark", "Stepping Stones", "Thornbury", "Waterside", "Whitegate", "Wildflower", "Windmill", "Yew Tree",
	"Tŷ Hafan", "Élan", "Cúram", "Lighthouse", "Haven", "Keystone", "Goldfinch", "Bluebell", "Dovecote", "Fellside",
}

var genNameSecond = []string{"House", "Lane", "Valley", "Park", "View", "Bridge", "Court", "Gardens", "Fields", "Row", "Green", "Hill"}

var genNameSuffix = map[string][]string{
	"company":     {"Care Ltd", "Support Services Ltd", "Homes Ltd", "Living Ltd", "Care Group Ltd", "Supported Living Ltd", "Youth Homes Ltd", "Lettings & Support"},
	"charity":     {"Trust", "Foundation", "Partnership", "Youth Housing", "Foyer", "Community Interest Company", "CIC", "Project"},
	"sole-trader": {"Mentoring", "Tenancy Coaching", "Support", "Wellbeing", "Outreach"},
	"health":      {"Health Outreach", "Community Health Services", "Children's Health Partnership"},
}

var genSurnames = []string{
	"okafor", "patel", "hughes", "khan", "jones", "murphy", "walsh", "nowak", "ahmed", "clarke", "brennan", "evans",
	"lee", "ali", "kaur", "sullivan", "baker", "wright", "nguyen", "hassan", "doyle", "price", "shaw", "quinn",
	"roberts", "ward", "oconnor", "mensah", "lewis", "taylor", "byrne", "morris", "singh", "kowalski", "adeyemi",
}

var genCapsPackages = []string{
	"personal-care", "complex-health", "waking-night", "sleeping-night", "short-breaks", "community-access", "autism",
	"learning-disability", "physical-disability", "behaviour-support", "bsl", "makaton", "mental-health", "self-harm", "harm-to-others",
}

var genCapsLeaving = []string{
	"independence-skills", "mental-health", "young-parent", "unaccompanied", "esol", "community-access", "learning-disability",
	"self-harm", "sexual-exploitation", "criminal-exploitation", "substance-misuse", "eating-disorder", "going-missing", "harm-to-others",
}

var genNeedsPackages = []string{
	"personal-care", "complex-health", "waking-night", "sleeping-night", "short-breaks", "community-access", "autism",
	"learning-disability", "physical-disability", "behaviour-support", "bsl", "makaton",
}

var genNeedsLeaving = []string{"independence-skills", "independence-skills", "mental-health", "young-parent", "unaccompanied", "esol", "learning-disability"}

// genUrgency weights today, within-5-days and planned per lot.
var genUrgency = map[string][]float64{
	"packages": {5, 25, 70}, "group-living": {20, 45, 35}, "floating-with-accommodation": {10, 40, 50}, "floating-support": {5, 35, 60},
}

// genGuide is the range of guide prices per lot, in pence.
var genGuide = map[string][2]int{
	"packages": {110000, 170000}, "group-living": {95000, 140000}, "floating-with-accommodation": {80000, 110000}, "floating-support": {30000, 45000},
}

var genWeights = []matching.Weights{
	{Quality: 50, Price: 35, AgeCover: 15}, {Quality: 45, Price: 40, AgeCover: 15}, {Quality: 55, Price: 30, AgeCover: 15},
	{Quality: 40, Price: 40, AgeCover: 20}, {Quality: 50, Price: 30, AgeCover: 20},
}

var genSituationsPackages = []string{
	"Lives at home with a parent and younger siblings.", "Lives with grandparents who want to carry on caring.",
	"Lives with foster carers who need regular breaks.", "Attends a special school; transport is arranged separately.",
	"Lives at home; the family's current package ends next month.", "Coming home from a residential school for the holidays.",
}

var genSituationsLeaving = []string{
	"Moving on from a residential children's home.", "Leaving foster care and wants to stay in the area.",
	"Arrived in Britain unaccompanied and is settled at college.", "Returning from a placement out of the area.",
	"A young parent with a baby, needing support to keep a tenancy.", "Sofa-surfing after a family breakdown.",
	"Stepping down from supported lodgings.",
}

var genTagSentences = map[string]string{
	"personal-care":         "Needs support with personal care morning and evening.",
	"complex-health":        "Needs health care tasks carried out by trained staff.",
	"waking-night":          "Needs a waking night so that someone is always up.",
	"sleeping-night":        "Needs sleeping nights so the family can rest.",
	"short-breaks":          "Short breaks at weekends would help the family most.",
	"community-access":      "Wants to get out to clubs and activities in the community.",
	"autism":                "Autistic; needs a predictable routine and notice of changes.",
	"learning-disability":   "Has a learning disability and needs help with everyday tasks.",
	"physical-disability":   "Uses a wheelchair; the home needs level access.",
	"behaviour-support":     "Needs staff trained in positive behaviour support.",
	"bsl":                   "Communicates in British Sign Language.",
	"makaton":               "Communicates with Makaton and a picture timetable.",
	"independence-skills":   "Needs help with budgeting, cooking and managing a tenancy.",
	"mental-health":         "Works with the mental health team and has a plan to follow.",
	"young-parent":          "Needs support as a new parent.",
	"unaccompanied":         "Needs help with appointments and with settling in.",
	"esol":                  "Learning English; an interpreter helps at meetings.",
	"self-harm":             "Has self-harmed at times of change; any provider must follow the safety plan.",
	"sexual-exploitation":   "Has been at risk of exploitation; a safety plan is in place.",
	"criminal-exploitation": "Has been drawn into criminal exploitation; staying away from some areas matters.",
	"substance-misuse":      "Is working with a substance misuse service.",
	"eating-disorder":       "Is recovering from an eating disorder, with a clinic's support.",
	"going-missing":         "Has gone missing overnight a few times this year, each time returning by morning.",
	"harm-to-others":        "Has hurt others when distressed; staff need de-escalation training.",
	"fire-setting":          "Has set small fires in the past; the home must have a fire risk plan.",
	"harm-to-animals":       "Should not live with pets.",
}

var genEndings = []string{
	"A small, steady team matters more than anything.", "Wants to stay near college.", "Keeping in touch with family matters a lot.",
	"Would like to start soon.", "Does best with staff who are calm and consistent.",
}

var genNotes = []string{
	"Can start on the date asked.", "Team of three support workers based locally.", "Room in a four-bed house, staff on site 24 hours.",
	"Price includes two sleeping nights a week.", "Nurse-led team; price reflects registered nurse oversight.",
	"Can take the referral from the following Monday.", "Price includes weekly key-work sessions.", "Would plan a move-on at 21.",
	"Bilingual staff available.", "Transport to college included.", "Includes an allowance for activities.",
}

var genDeclines = []string{
	"No vacancy in the area until next month.", "No staff team with capacity in the area.",
	"Cannot meet the health care tasks described.", "The needs of current residents would not fit.",
	"Outside the area our team can reach in the hours asked.", "The risks described are beyond what our team can manage safely.",
}

var genCancelDraft = []string{
	"Created in error: a duplicate of an earlier request.", "The young person's plan changed before broadcast.",
	"Support arranged within the family network.",
}

var genCancelOpen = []string{
	"The young person returned home; the placement is no longer needed.", "Placed with the council's own provision.",
	"Court directions changed the plan.",
}

var genCloseReasons = []string{
	"Enough compliant offers to decide; the placement is needed sooner.", "The young person's situation became urgent.",
	"All providers with vacancies have answered.",
}

var genAwardReasons = []string{
	"The young person chose this provider after visiting both.", "A better fit with the current residents of the home.",
	"Keeps the young person near school and family contact.", "The top-ranked provider could no longer start on the date needed.",
}

var genNoAwardReasons = []string{
	"None of the offers could meet the health needs described.", "The plan changed after opening; the placement is no longer needed.",
	"The start dates offered were too late.",
}

// genSpotProviders are the invented providers off the DPS that spot
// purchases are made from.
var genSpotProviders = []string{"Brookfield Care Agency", "Hollins Nursing Services", "Meadowside Support", "Northgate Homes"}

var genSpotPurchases = []string{
	"Spot purchase from a provider off the DPS for four weeks while a new request is prepared.",
	"Spot purchase of an emergency placement; the need will be tendered again.", "In-house provision used for now.",
}
