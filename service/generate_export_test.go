package service

// CheckGeneratedEligibility makes the generator check every broadcast's
// split against matching.Eligibility itself.
func CheckGeneratedEligibility(on bool) { genCheckEligibility = on }
