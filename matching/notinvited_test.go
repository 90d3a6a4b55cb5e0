package matching

import (
	"reflect"
	"testing"
)

func TestNotInvitedEncoding(t *testing.T) {
	t.Parallel()
	lists := [][]NotInvited{
		{},
		{{ProviderID: "P001", ProviderName: "Brook House", Reasons: []string{ReasonArea}}},
		{
			{ProviderID: "P001", ProviderName: "Brook House", Reasons: []string{ReasonNotAdmitted, ReasonArea, ReasonAge, ReasonNoRegistration}},
			{ProviderID: "P002", ProviderName: `Tab	in, back\slash and
newline; Tŷ Hafan ✓`, Reasons: []string{ReasonAge}},
			{ProviderID: "P003", ProviderName: "", Reasons: []string{}},
			{ProviderID: "P004", ProviderName: `\t \n \\`, Reasons: []string{ReasonArea}},
		},
	}
	for _, left := range lists {
		b := EncodeNotInvited(left)
		back, err := DecodeNotInvited(b)
		if err != nil {
			t.Fatalf("DecodeNotInvited(%q): %v", b, err)
		}
		if !reflect.DeepEqual(back, left) {
			t.Errorf("round trip of %q:\n got %#v\nwant %#v", b, back, left)
		}
		if len(NotInvitedDigest(left)) != 64 || NotInvitedDigest(left) != NotInvitedDigest(back) {
			t.Errorf("digest %q", NotInvitedDigest(left))
		}
	}
	a := []NotInvited{{ProviderID: "P1", ProviderName: "A", Reasons: []string{ReasonArea}}}
	b := []NotInvited{{ProviderID: "P1", ProviderName: "A", Reasons: []string{ReasonAge}}}
	if NotInvitedDigest(a) == NotInvitedDigest(b) {
		t.Error("two lists with different reasons share a digest")
	}
	for _, bad := range []string{"P1\tA\tarea", "P1\tA\n", "P1\n"} {
		if _, err := DecodeNotInvited([]byte(bad)); err == nil {
			t.Errorf("DecodeNotInvited(%q) accepted a broken list", bad)
		}
	}
	// Decoded reasons of one provider cannot change another's.
	two, _ := DecodeNotInvited(EncodeNotInvited([]NotInvited{
		{ProviderID: "P1", Reasons: []string{ReasonArea}}, {ProviderID: "P2", Reasons: []string{ReasonArea}},
	}))
	two[0].Reasons = append(two[0].Reasons, ReasonAge)
	if len(two[1].Reasons) != 1 {
		t.Error("appending to one provider's reasons changed another's")
	}
}

// TestEligibilityUnsortedInput: the result is in id order whether or not
// the lot comes sorted, and the input is left as it was.
func TestEligibilityUnsortedInput(t *testing.T) {
	t.Parallel()
	r := leavingCare(t, "floating-support", 17)
	lot := []ProviderLot{goodProvider("floating-support"), goodProvider("floating-support"), goodProvider("floating-support")}
	lot[0].ProviderID, lot[1].ProviderID, lot[2].ProviderID = "C", "A", "B"
	lot[1].Status = ProviderSuspended
	inv, left := Eligibility(r, lot, testDay)
	if len(inv) != 2 || inv[0].ProviderID != "B" || inv[1].ProviderID != "C" || len(left) != 1 || left[0].ProviderID != "A" {
		t.Fatalf("Eligibility = %+v, %+v", inv, left)
	}
	if lot[0].ProviderID != "C" || lot[1].ProviderID != "A" {
		t.Error("Eligibility reordered its input")
	}
}
