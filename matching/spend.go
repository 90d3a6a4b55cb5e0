package matching

import (
	"time"
)

// Spend against budget: each placement costs its weekly price / 7 for each
// day it runs (start included, end excluded), at the price of that day.
// Sums are kept exact as weekly pence per day (sevenths of a penny) and
// divided by 7 once, rounding half away from zero: the year's committed
// total, its actual, and each month on its own; the forecast is the
// committed total less the actual, so that the two add up.

// Spend is one council's spend on one framework in one financial year.
type Spend struct {
	Council   string `json:"council"`
	Framework string `json:"framework"`
	Year      int    `json:"year"`
	// Budget is the budget set for the year; HasBudget is false when none
	// was (Budget is then 0, and Remaining is minus Committed).
	Budget    Pence `json:"budget_pence"`
	HasBudget bool  `json:"-"`
	// Actual runs from 1 April to Today inclusive; Forecast from the day
	// after to 31 March; Committed is their sum; Remaining is Budget less
	// Committed.
	Actual    Pence        `json:"actual_pence"`
	Forecast  Pence        `json:"forecast_pence"`
	Committed Pence        `json:"committed_pence"`
	Remaining Pence        `json:"remaining_pence"`
	Months    []MonthSpend `json:"months"`
	Today     time.Time    `json:"-"`
	// Placements counts those that run some day of the year.
	Placements int `json:"-"`
}

// MonthSpend is one calendar month's committed spend, rounded on its own.
type MonthSpend struct {
	Month string `json:"month"` // YYYY-MM
	Pence Pence  `json:"pence"`
	// Actual is the part to Today (rounded on its own), for a chart.
	Actual Pence `json:"-"`
}

// YearStart is the first day of a financial year, and YearEnd the first day
// after it.
func YearStart(year int) time.Time { return time.Date(year, time.April, 1, 0, 0, 0, 0, time.UTC) }

// YearEnd is 1 April of the next year: the first day not in the year.
func YearEnd(year int) time.Time { return YearStart(year + 1) }

// dayNumber counts days from 1970-01-01 for a date (midnight UTC).
func dayNumber(d time.Time) int64 {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	return d.Unix() / 86400
}

// sevenths is the exact cost of a placement over the days [from, to), in
// sevenths of a penny (weekly pence for each day).
func (p Placement) sevenths(from, to time.Time) int64 {
	a, b := dayNumber(from), dayNumber(to)
	if s := dayNumber(p.Start); s > a {
		a = s
	}
	if !p.End.IsZero() {
		if e := dayNumber(p.End); e < b {
			b = e
		}
	}
	if a >= b {
		return 0
	}
	var sum int64
	// Runs of days at one price: the start price, then each change.
	price, at := p.Weekly, dayNumber(p.Start)
	for i := 0; i <= len(p.Changes); i++ {
		next := b
		if i < len(p.Changes) {
			next = dayNumber(p.Changes[i].From)
		}
		lo, hi := max(at, a), min(next, b)
		if hi > lo {
			sum += int64(price) * (hi - lo)
		}
		if i < len(p.Changes) {
			price, at = p.Changes[i].Weekly, next
		}
	}
	return sum
}

// roundSevenths divides sevenths of a penny by 7, rounding half away from
// zero.
func roundSevenths(n int64) Pence {
	if n < 0 {
		return -roundSevenths(-n)
	}
	return Pence((2*n + 7) / 14)
}

// CostBetween is what a placement costs over the days [from, to), rounded
// to the penny.
func (p Placement) CostBetween(from, to time.Time) Pence { return roundSevenths(p.sevenths(from, to)) }

// SpendOf works out a council's spend on a framework in a financial year
// from its placements (those of other councils and frameworks are left
// out), against its budget (nil: none set), as of the day today.
func SpendOf(council, framework string, year int, budget *Pence, placements []Placement, today time.Time) Spend {
	s := Spend{Council: council, Framework: framework, Year: year, Today: today}
	if budget != nil {
		s.Budget, s.HasBudget = *budget, true
	}
	start, end := YearStart(year), YearEnd(year)
	// The day after today, held within the year.
	cut := time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, time.UTC)
	if cut.Before(start) {
		cut = start
	}
	if cut.After(end) {
		cut = end
	}
	var actual, forecast int64
	months := make([]int64, 12)
	monthsActual := make([]int64, 12)
	for _, p := range placements {
		if p.Council != council || p.Framework != framework {
			continue
		}
		if p.sevenths(start, end) == 0 {
			continue
		}
		s.Placements++
		actual += p.sevenths(start, cut)
		forecast += p.sevenths(cut, end)
		for m := range 12 {
			ms, me := start.AddDate(0, m, 0), start.AddDate(0, m+1, 0)
			months[m] += p.sevenths(ms, me)
			if cut.After(ms) {
				monthsActual[m] += p.sevenths(ms, min2(cut, me))
			}
		}
	}
	// The committed total is rounded once, so that it does not move by a
	// penny as days pass from forecast to actual; the forecast is what it
	// leaves beside the actual.
	s.Committed, s.Actual = roundSevenths(actual+forecast), roundSevenths(actual)
	s.Forecast = s.Committed - s.Actual
	s.Remaining = s.Budget - s.Committed
	s.Months = make([]MonthSpend, 12)
	for m := range 12 {
		s.Months[m] = MonthSpend{Month: start.AddDate(0, m, 0).Format("2006-01"), Pence: roundSevenths(months[m]), Actual: roundSevenths(monthsActual[m])}
	}
	return s
}

func min2(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
