package demo

import (
	"placematch/matching"
	"strconv"
	"strings"
)

// The register. Providers are invented; emails use example.org.

type demoProvider struct {
	id, name, kind, town, email string
}

var demoProviders = []demoProvider{
	{"P001", "Mersey Bridge Care Ltd", "company", "Liverpool", "referrals@mersey-bridge.example.org"},
	{"P002", "Wirral Shore Support CIC", "company", "Birkenhead", "referrals@wirral-shore.example.org"},
	{"P003", "Café Ōtautahi Support", "sole-trader", "Southport", "referrals@cafe-otautahi.example.org"},
	{"P004", "The Northern Lights Children's and Young People's Complex Care Partnership Ltd", "health", "Liverpool", "referrals@northern-lights.example.org"},
	{"P005", "Kestrel Lane Care", "company", "Huyton", "referrals@kestrel-lane.example.org"},
	{"P006", "Brightwater Homecare Ltd", "company", "Widnes", "referrals@brightwater.example.org"},
	{"P007", "Sandstone Family Support Trust", "charity", "Wallasey", "referrals@sandstone.example.org"},
	{"P008", "Fairhaven Complex Care", "health", "Bootle", "referrals@fairhaven.example.org"},
	{"P009", "Lark Rise Support Services", "company", "Formby", "referrals@lark-rise.example.org"},
	{"P010", "Dee Estuary Care Partners", "company", "Hoylake", ""},
	{"P011", "Calderstones Independent Living", "company", "Liverpool", "referrals@calderstones.example.org"},
	{"P012", "Runcorn Riverside Care Ltd", "company", "Runcorn", "referrals@runcorn-riverside.example.org"},
	{"P013", "Greenbank Therapeutic Care", "charity", "Liverpool", "referrals@greenbank.example.org"},
	{"P014", "Meols Sunflower Care", "sole-trader", "Meols", ""},
	{"P015", "Halewood Helping Hands", "sole-trader", "Halewood", "referrals@halewood-helping-hands.example.org"},
	{"P016", "Maghull Meadows Care Ltd", "company", "Maghull", "referrals@maghull-meadows.example.org"},
	{"P017", "Pennine Futures CIC", "company", "Oldham", "referrals@pennine-futures.example.org"},
	{"P018", "Irwell Youth Housing", "charity", "Salford", "referrals@irwell-youth.example.org"},
	{"P019", "Red Rose Supported Living Ltd", "company", "Preston", "referrals@red-rose.example.org"},
	{"P020", "Stepping Stones Tameside", "charity", "Ashton-under-Lyne", "referrals@stepping-stones.example.org"},
	{"P021", "Gorton Gate Housing Ltd", "company", "Manchester", "referrals@gorton-gate.example.org"},
	{"P022", "Pier Lane Young People's Homes", "company", "Wigan", "referrals@pier-lane.example.org"},
	{"P023", "Moorside Foyer Trust", "charity", "Bolton", "referrals@moorside-foyer.example.org"},
	{"P024", "Weaver Valley Supported Housing", "company", "Northwich", "referrals@weaver-valley.example.org"},
	{"P025", "Fell & Lakeside Youth Homes", "charity", "Kendal", "referrals@fell-lakeside.example.org"},
	{"P026", "Crosby Harbour Homes Ltd", "company", "Crosby", "referrals@crosby-harbour.example.org"},
	{"P027", "Northgate Pathways", "company", "Rochdale", ""},
	{"P028", "Anchorline Young People's Service", "charity", "Stockport", ""},
	{"P029", "Hartley Street Lodgings", "sole-trader", "Wigan", "referrals@hartley-street.example.org"},
	{"P030", "Riverside Crescent Supported Homes", "company", "Hyde", "referrals@riverside-crescent.example.org"},
	{"P031", "Bridgewater Tenancy Support Ltd", "company", "Warrington", "referrals@bridgewater-tenancy.example.org"},
	{"P032", "Peel Park Housing Partnership", "charity", "Salford", "referrals@peel-park.example.org"},
	{"P033", "Millstone Lane Lettings & Support", "sole-trader", "Rochdale", "referrals@millstone-lane.example.org"},
	{"P034", "Saddleworth Hearth CIC", "company", "Oldham", "referrals@saddleworth-hearth.example.org"},
	{"P035", "Lantern Coast Youth Housing", "charity", "Blackpool", "referrals@lantern-coast.example.org"},
	{"P036", "Kingsway Foyer Manchester", "charity", "Manchester", "referrals@kingsway-foyer.example.org"},
	{"P037", "Viaduct Youth Homes Ltd", "company", "Stockport", "referrals@viaduct-youth.example.org"},
	{"P038", "Next Chapter Mentoring", "sole-trader", "Wigan", "referrals@next-chapter.example.org"},
	{"P039", "Mind the Step Wellbeing", "charity", "Bury", "referrals@mind-the-step.example.org"},
	{"P040", "Lune Valley Floating Support", "charity", "Lancaster", "referrals@lune-valley.example.org"},
	{"P041", "Leigh Tenancy Coaching", "sole-trader", "Leigh", ""},
	{"P042", "Crewe Pathfinder Support", "company", "Crewe", "referrals@crewe-pathfinder.example.org"},
	{"P043", "Eccles New Leaf Support", "company", "Eccles", "referrals@eccles-new-leaf.example.org"},
	{"P044", "Greater Together Health Outreach", "health", "Manchester", "referrals@greater-together.example.org"},
	{"P045", "Kirkby Compass Support", "company", "Kirkby", "referrals@kirkby-compass.example.org"},
}

// demoLot is one register row; the provider's name, kind, town and email
// come from demoProviders, the framework from the lot.
type demoLot struct {
	id, lot, status, admitted, quality, serves string
	minAge, cover                              int
	urn, caps, vacancies                       string
}

const (
	lotPK  = "packages"
	lotGL  = "group-living"
	lotFWA = "floating-with-accommodation"
	lotFS  = "floating-support"
)

// Care-support members: halton, knowsley, liverpool, sefton, wirral;
// admissions every 6 months. Leaving-care: the 24 North West councils;
// admissions every 4 months from October 2015.
var demoRegister = []demoLot{
	// care-support / packages
	{"P001", lotPK, "admitted", "2021-04-01", "82.5", "*", 0, 25, "", "personal-care;complex-health;waking-night;sleeping-night;autism;learning-disability;physical-disability;behaviour-support", "3"},
	{"P002", lotPK, "admitted", "2022-10-01", "76.25", "wirral;sefton", 5, 25, "", "personal-care;short-breaks;community-access;autism;learning-disability;makaton", "1"},
	{"P003", lotPK, "admitted", "2024-04-01", "68", "sefton;liverpool", 0, 18, "", "personal-care;short-breaks;community-access;esol;unaccompanied", ""},
	{"P004", lotPK, "admitted", "2020-10-01", "91.4", "*", 0, 25, "", "personal-care;complex-health;waking-night;sleeping-night;learning-disability;physical-disability;bsl;makaton", "0"},
	{"P005", lotPK, "admitted", "2023-04-01", "79.8", "knowsley;liverpool;halton", 0, 18, "", "personal-care;waking-night;sleeping-night;autism;behaviour-support;self-harm;harm-to-others", "2"},
	{"P006", lotPK, "admitted", "2019-10-01", "72.35", "halton;knowsley", 0, 21, "", "personal-care;short-breaks;sleeping-night;learning-disability", "4"},
	{"P007", lotPK, "admitted", "2022-04-01", "85", "*", 5, 25, "", "short-breaks;community-access;autism;learning-disability;behaviour-support;mental-health;makaton;harm-to-others", ""},
	{"P008", lotPK, "admitted", "2021-10-01", "88.6", "sefton;liverpool;knowsley", 0, 25, "", "personal-care;complex-health;waking-night;physical-disability", "1"},
	{"P009", lotPK, "suspended", "2020-04-01", "61.5", "sefton", 0, 18, "", "personal-care;short-breaks", "2"},
	{"P010", lotPK, "applied", "", "70", "wirral", 0, 25, "", "personal-care;community-access;autism", ""},
	{"P011", lotPK, "admitted", "2023-10-01", "74.9", "liverpool;sefton", 16, 25, "", "independence-skills;community-access;mental-health;learning-disability", "5"},
	{"P012", lotPK, "admitted", "2024-10-01", "66.75", "halton", 0, 18, "", "personal-care;sleeping-night;short-breaks", "1"},
	{"P013", lotPK, "admitted", "2020-04-01", "90.1", "*", 0, 18, "", "autism;behaviour-support;mental-health;self-harm;going-missing;harm-to-others;fire-setting", "0"},
	{"P014", lotPK, "withdrawn", "2019-04-01", "58", "wirral", 0, 18, "", "personal-care;short-breaks", ""},
	{"P015", lotPK, "admitted", "2025-04-01", "63.2", "knowsley", 5, 18, "", "personal-care;short-breaks;community-access", "1"},
	{"P016", lotPK, "admitted", "2022-10-01", "80.05", "sefton;knowsley;liverpool", 0, 25, "", "personal-care;waking-night;sleeping-night;autism;learning-disability;physical-disability;behaviour-support", "2"},

	// leaving-care / group-living
	{"P001", lotGL, "admitted", "2019-06-01", "83", "liverpool;knowsley;sefton;wirral;halton;st-helens", 16, 21, "2748555", "independence-skills;mental-health;self-harm;going-missing", "1"},
	{"P017", lotGL, "admitted", "2016-02-01", "81.3", "*", 16, 25, "2751043", "independence-skills;mental-health;self-harm;going-missing;substance-misuse", "2"},
	{"P018", lotGL, "admitted", "2017-06-01", "77.4", "manchester;salford;trafford;bolton;bury;wigan", 16, 21, "2763318", "independence-skills;esol;young-parent;unaccompanied;going-missing", "1"},
	{"P019", lotGL, "admitted", "2018-10-01", "72.6", "lancashire;blackpool;blackburn-with-darwen", 16, 25, "2770091", "independence-skills;sexual-exploitation;going-missing", "3"},
	{"P020", lotGL, "admitted", "2015-10-01", "84.2", "tameside;stockport;oldham;manchester", 16, 25, "2744120", "independence-skills;mental-health;self-harm;sexual-exploitation;criminal-exploitation", "3"},
	{"P021", lotGL, "admitted", "2020-02-01", "69.9", "manchester", 18, 25, "", "independence-skills;substance-misuse", "4"},
	{"P022", lotGL, "admitted", "2021-06-01", "78", "wigan;bolton;st-helens;warrington", 16, 25, "", "independence-skills;criminal-exploitation;going-missing", "2"},
	{"P023", lotGL, "admitted", "2016-06-01", "86.5", "*", 16, 25, "2739876", "independence-skills;mental-health;self-harm;eating-disorder;going-missing", ""},
	{"P024", lotGL, "admitted", "2019-02-01", "73.1", "cheshire-west-and-chester;cheshire-east;warrington;halton", 16, 25, "2758810", "independence-skills;substance-misuse", "1"},
	{"P025", lotGL, "admitted", "2017-10-01", "80.4", "cumberland;westmorland-and-furness;lancashire", 16, 25, "2766002", "independence-skills;mental-health;unaccompanied", "2"},
	{"P026", lotGL, "suspended", "2018-02-01", "64", "sefton;liverpool;knowsley", 16, 25, "2749001", "independence-skills", "3"},
	{"P027", lotGL, "applied", "", "70", "rochdale;oldham;bury", 16, 25, "", "independence-skills;young-parent", ""},
	{"P028", lotGL, "removed", "2017-06-01", "52", "stockport;tameside", 16, 25, "2741200", "independence-skills", ""},
	{"P029", lotGL, "admitted", "2022-06-01", "62.8", "wigan", 17, 25, "", "independence-skills;substance-misuse", "1"},
	{"P030", lotGL, "admitted", "2020-10-01", "75.55", "*", 16, 25, "2760321", "independence-skills;self-harm;criminal-exploitation;going-missing", "2"},
	{"P032", lotGL, "admitted", "2019-10-01", "79.15", "salford;manchester;trafford", 16, 25, "2768234", "independence-skills;esol;young-parent;unaccompanied", "1"},

	// leaving-care / floating-with-accommodation
	{"P017", lotFWA, "admitted", "2016-02-01", "79", "*", 16, 25, "2751043", "independence-skills;mental-health;substance-misuse", "1"},
	{"P018", lotFWA, "admitted", "2017-06-01", "76.6", "manchester;salford;trafford;bolton;bury;wigan", 16, 21, "2763318", "independence-skills;esol;unaccompanied", ""},
	{"P019", lotFWA, "admitted", "2018-10-01", "71.2", "lancashire;blackpool;blackburn-with-darwen", 16, 25, "2770091", "independence-skills;young-parent", "2"},
	{"P020", lotFWA, "admitted", "2016-06-01", "83.7", "tameside;stockport;oldham;manchester", 16, 25, "2744120", "independence-skills;mental-health;self-harm;substance-misuse", "1"},
	{"P023", lotFWA, "admitted", "2016-06-01", "85", "*", 16, 25, "2739876", "independence-skills;mental-health;self-harm", "2"},
	{"P024", lotFWA, "admitted", "2019-02-01", "70.8", "cheshire-west-and-chester;cheshire-east;warrington;halton", 16, 25, "2758810", "independence-skills", "0"},
	{"P027", lotFWA, "applied", "", "68", "rochdale;oldham;bury", 16, 25, "", "independence-skills;young-parent", ""},
	{"P031", lotFWA, "admitted", "2020-06-01", "76.8", "warrington;st-helens;wigan;halton", 16, 25, "2771450", "independence-skills;young-parent;substance-misuse", "3"},
	{"P032", lotFWA, "admitted", "2019-10-01", "81.75", "salford;manchester;trafford", 16, 25, "2768234", "independence-skills;esol;unaccompanied", "1"},
	{"P033", lotFWA, "admitted", "2023-02-01", "60.5", "rochdale;oldham", 18, 25, "", "independence-skills", "2"},
	{"P034", lotFWA, "suspended", "2018-06-01", "67", "oldham;tameside;rochdale", 16, 25, "2752290", "independence-skills;going-missing", "1"},
	{"P035", lotFWA, "admitted", "2021-10-01", "74.4", "blackpool;lancashire", 16, 25, "", "independence-skills;mental-health;sexual-exploitation", "2"},
	{"P036", lotFWA, "admitted", "2017-02-01", "87.2", "manchester;salford;stockport;tameside;trafford", 16, 25, "2740017", "independence-skills;mental-health;substance-misuse;criminal-exploitation", "0"},
	{"P037", lotFWA, "admitted", "2024-06-01", "70.6", "stockport;tameside;manchester;cheshire-east", 16, 18, "2759904", "independence-skills;going-missing", "1"},

	// leaving-care / floating-support
	{"P001", lotFS, "admitted", "2019-06-01", "80.2", "liverpool;knowsley;sefton;wirral;halton", 16, 25, "", "independence-skills;mental-health;young-parent", ""},
	{"P003", lotFS, "admitted", "2024-02-01", "71.15", "manchester;salford;sefton;liverpool", 16, 25, "", "community-access;esol;independence-skills;unaccompanied", "3"},
	{"P017", lotFS, "admitted", "2016-02-01", "77.5", "*", 16, 25, "", "independence-skills;mental-health;young-parent;substance-misuse", "5"},
	{"P018", lotFS, "admitted", "2017-06-01", "74", "manchester;salford;trafford;bolton;bury;wigan", 16, 25, "", "independence-skills;esol;unaccompanied", "2"},
	{"P020", lotFS, "admitted", "2016-06-01", "82", "tameside;stockport;oldham;manchester", 16, 25, "", "independence-skills;mental-health;self-harm", "4"},
	{"P023", lotFS, "admitted", "2016-10-01", "84.9", "*", 16, 25, "", "independence-skills;mental-health", ""},
	{"P031", lotFS, "admitted", "2020-06-01", "75", "warrington;st-helens;wigan;halton", 16, 25, "", "independence-skills;young-parent", "6"},
	{"P038", lotFS, "admitted", "2023-06-01", "69.3", "wigan;bolton;st-helens", 16, 25, "", "independence-skills;mental-health;criminal-exploitation", "2"},
	{"P039", lotFS, "admitted", "2018-02-01", "83.6", "*", 16, 25, "", "mental-health;independence-skills;self-harm;eating-disorder", ""},
	{"P040", lotFS, "admitted", "2019-10-01", "77.7", "lancashire;westmorland-and-furness;cumberland;blackpool", 16, 25, "", "independence-skills;mental-health", "3"},
	{"P041", lotFS, "suspended", "2021-02-01", "59.9", "wigan", 16, 25, "", "independence-skills", "1"},
	{"P042", lotFS, "admitted", "2022-10-01", "71.4", "cheshire-east;cheshire-west-and-chester", 16, 25, "", "independence-skills;young-parent", "2"},
	{"P043", lotFS, "applied", "", "65", "salford;manchester", 16, 25, "", "independence-skills;esol", ""},
	{"P044", lotFS, "admitted", "2020-02-01", "89", "manchester;tameside;stockport;oldham;wigan", 16, 25, "", "mental-health;self-harm;substance-misuse;eating-disorder", "1"},
	{"P045", lotFS, "admitted", "2023-10-01", "73.3", "knowsley;liverpool;sefton;st-helens", 18, 25, "", "independence-skills;mental-health;young-parent", "2"},
}

func demoLotOf(id, lot string) demoLot {
	for _, l := range demoRegister {
		if l.id == id && l.lot == lot {
			return l
		}
	}
	panic("demo: no register row for " + id + " on " + lot)
}

func demoProviderOf(id string) demoProvider {
	for _, p := range demoProviders {
		if p.id == id {
			return p
		}
	}
	panic("demo: no provider " + id)
}

// demoPhone is a provider's phone, from Ofcom's range for drama (01632
// 960000 to 960999), which rings nobody.
func demoPhone(id string) string { return "01632 960" + id[len(id)-3:] }

// demoRegisterCSV writes register rows as a register file, email included.
func demoRegisterCSV(rows []demoLot) string {
	out := make([]matching.ProviderLot, 0, len(rows))
	for _, l := range rows {
		p := demoProviderOf(l.id)
		fw, _, _ := matching.FindLot(l.lot)
		row := matching.ProviderLot{ProviderID: p.id, ProviderName: p.name, Kind: p.kind, Framework: fw.Code, Lot: l.lot,
			Status: matching.ProviderStatus(l.status), Serves: strings.Split(l.serves, ";"), MinAge: l.minAge, CoverUntil: l.cover,
			OfstedURN: l.urn, Town: p.town, Email: p.email, Phone: demoPhone(p.id)}
		if l.admitted != "" {
			row.AdmittedOn, _ = matching.ParseDate(l.admitted)
		}
		row.Quality, _ = strconv.ParseFloat(l.quality, 64)
		if l.caps != "" {
			row.Capabilities = strings.Split(l.caps, ";")
		}
		if l.vacancies != "" {
			v, _ := strconv.Atoi(l.vacancies)
			row.Vacancies = &v
		}
		out = append(out, row)
	}
	return matching.FormatRegister(out)
}
