package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key of the app, by scope. Each screen copies its scope and
// disables what does not apply in its current state, so the help is always
// true; a test checks that no two enabled bindings in one scope share a key.
type KeyMap struct {
	// Report is the award report's screen; Insight what the data shows.
	Report    ScrollBack
	Insight   ScrollBack
	Global    GlobalKeys
	Requests  RequestsKeys
	Form      FormKeys
	Preview   PreviewKeys
	Detail    DetailKeys
	Offer     FormKeys
	Ranking   RankingKeys
	Providers ProvidersKeys
	WhatIf    WhatIfKeys
	Invites   InvitesKeys
	Invite    InvitationKeys
	Live      LiveKeys
	Confirm   ConfirmKeys
	Prompt    PromptKeys
	Picker    PickerKeys
	Filter    FilterKeys
	Audit     AuditKeys
	Attention AttentionKeys
	Term      TermKeys
	Settings  SettingsKeys
}

// GlobalKeys work on every screen.
type GlobalKeys struct {
	Help      key.Binding // ? when not typing
	HelpF1    key.Binding // f1 while typing, where ? is a character
	Quit      key.Binding // q, never while typing
	ForceQuit key.Binding
}

// ScrollKeys move through a list or a page.
type ScrollKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
}

// RequestsKeys are the requests list's.
type RequestsKeys struct {
	ScrollKeys
	Open      key.Binding
	New       key.Binding
	Urgent    key.Binding // a new request needed today
	Rank      key.Binding
	Filter    key.Binding
	Status    key.Binding
	Council   key.Binding
	Providers key.Binding
	Refresh   key.Binding
	Sort      key.Binding // o: the next order (see requestSorts)
	Audit     key.Binding // the whole audit trail, and audit verify
	// Placements and Spend open the council's placements, and its spend
	// against budget.
	Placements key.Binding
	Spend      key.Binding

	// What needs attention, the council's settings, the frameworks' terms.
	Attention    key.Binding
	SettingsOpen key.Binding
	Terms        key.Binding
	Insight      key.Binding // what the data shows
}

// FormKeys move through a form and save it.
type FormKeys struct {
	Next     key.Binding
	Prev     key.Binding
	Enter    key.Binding // next field, where enter is not a newline
	FieldUp  key.Binding // previous field, in one-line fields
	FieldDn  key.Binding
	ChoiceUp key.Binding // in a picker field
	ChoiceDn key.Binding
	Toggle   key.Binding // in a tags field
	Save     key.Binding
	Back     key.Binding
}

// PreviewKeys are the broadcast preview's.
type PreviewKeys struct {
	ScrollKeys
	Send key.Binding
	Edit key.Binding
	Back key.Binding
}

// DetailKeys are the request detail's actions.
type DetailKeys struct {
	ScrollKeys
	Broadcast key.Binding
	Edit      key.Binding // a draft's; e extends an open request's deadline
	Offer     key.Binding
	Extend    key.Binding
	Close     key.Binding
	Cancel    key.Binding
	Rank      key.Binding
	Copy      key.Binding
	Resend    key.Binding
	Note      key.Binding // a note for the record, in any status
	Refresh   key.Binding
	Back      key.Binding
	MoveStart key.Binding // an open request's start date, later at the same age
	CopyID    key.Binding // the request's id to the clipboard
	Report    key.Binding // the ranking and decision to a file, for the case file
	// ViewReport shows the award report on screen.
	ViewReport key.Binding
}

// RankingKeys are the ranking's.
type RankingKeys struct {
	ScrollKeys
	OpenOffers key.Binding
	Award      key.Binding
	NoAward    key.Binding
	WhatIf     key.Binding
	Back       key.Binding
	Report     key.Binding // the ranking and decision to a file, for the case file
}

// WhatIfKeys are the "how an offer is scored" screen's: choose an offer and
// try another price or cover age on a copy.
type WhatIfKeys struct {
	ScrollKeys
	Raise     key.Binding
	Lower     key.Binding
	CoverUp   key.Binding
	CoverDown key.Binding
	TypePrice key.Binding
	TypeCover key.Binding
	Reset     key.Binding
	Back      key.Binding
	// Five more points of weight to quality, price or age cover, taken
	// from the heavier of the other two.
	WeightQ key.Binding
	WeightP key.Binding
	WeightA key.Binding
}

// InvitesKeys are the provider's list of invitations.
type InvitesKeys struct {
	ScrollKeys
	Open    key.Binding
	Refresh key.Binding
}

// InvitationKeys are one invitation as its provider sees it.
type InvitationKeys struct {
	ScrollKeys
	Offer    key.Binding
	Decline  key.Binding
	Withdraw key.Binding
	Refresh  key.Binding
	Back     key.Binding
}

// LiveKeys are the live forum demonstration's.
type LiveKeys struct {
	Up      key.Binding
	Down    key.Binding
	WhatIf  key.Binding
	Ranking key.Binding
	// The presenter's: pause and play, a step back or forward, start
	// again, faster and slower.
	Pause   key.Binding
	Back    key.Binding
	Forward key.Binding
	Restart key.Binding
	Faster  key.Binding
	Slower  key.Binding
}

// ProvidersKeys are the provider register's.
type ProvidersKeys struct {
	ScrollKeys
	Open       key.Binding
	Filter     key.Binding
	Lot        key.Binding
	Status     key.Binding
	Council    key.Binding
	Capability key.Binding
	Clear      key.Binding
	Sort       key.Binding // o: the next order (see providerSorts)
	Back       key.Binding
	Import     key.Binding // a register CSV, previewed first
	// The register's life (register_life.go): the applications waiting,
	// and the actions on the selected row.
	Applications key.Binding
	Assess       key.Binding
	Admit        key.Binding
	Refuse       key.Binding
	Suspend      key.Binding
	Reinstate    key.Binding
	Remove       key.Binding
}

// AuditKeys are the audit trail's.
type AuditKeys struct {
	ScrollKeys
	Filter key.Binding
	Order  key.Binding // newest or oldest first
	Verify key.Binding // audit verify, in the background
	Back   key.Binding
}

// ConfirmKeys answer a yes/no question.
type ConfirmKeys struct {
	Yes key.Binding
	No  key.Binding
}

// PromptKeys fill in a short dialog.
type PromptKeys struct {
	Submit key.Binding
	Next   key.Binding
	Prev   key.Binding
	Cancel key.Binding
}

// PickerKeys choose one of a filtered list.
type PickerKeys struct {
	Up     key.Binding
	Down   key.Binding
	Choose key.Binding
	Cancel key.Binding
}

// FilterKeys edit a list's / filter.
type FilterKeys struct {
	Apply key.Binding
	Clear key.Binding
}

func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

func scrollKeys() ScrollKeys {
	return ScrollKeys{
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown", "ctrl+f", " "}, "pgdn", "page down"),
		Top:      bind([]string{"home", "g"}, "g/home", "top"),
		Bottom:   bind([]string{"end", "G"}, "G/end", "bottom"),
	}
}

func formKeys(saveDesc string) FormKeys {
	return FormKeys{
		Next:     bind([]string{"tab"}, "tab", "next field"),
		Prev:     bind([]string{"shift+tab"}, "shift+tab", "previous field"),
		Enter:    bind([]string{"enter"}, "enter", "next field"),
		FieldUp:  bind([]string{"up"}, "↑", "previous field"),
		FieldDn:  bind([]string{"down"}, "↓", "next field"),
		ChoiceUp: bind([]string{"up"}, "↑", "choose above"),
		ChoiceDn: bind([]string{"down"}, "↓", "choose below"),
		Toggle:   bind([]string{" "}, "space", "pick/unpick"),
		Save:     bind([]string{"ctrl+s"}, "ctrl+s", saveDesc),
		Back:     bind([]string{"esc"}, "esc", "back"),
	}
}

// DefaultKeyMap is the app's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Global: GlobalKeys{
			Help:      bind([]string{"?"}, "?", "help"),
			HelpF1:    bind([]string{"f1"}, "f1", "help"),
			Quit:      bind([]string{"q"}, "q", "quit"),
			ForceQuit: bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
		},
		Requests: RequestsKeys{
			ScrollKeys: scrollKeys(),
			Open:       bind([]string{"enter"}, "enter", "open"),
			New:        bind([]string{"n"}, "n", "new request"),
			Urgent:     bind([]string{"u"}, "u", "urgent"),
			Rank:       bind([]string{"r"}, "r", "ranking"),
			Filter:     bind([]string{"/"}, "/", "filter"),
			Status:     bind([]string{"s"}, "s", "status"),
			Council:    bind([]string{"c"}, "c", "council"),
			Providers:  bind([]string{"p"}, "p", "providers"),
			Refresh:    bind([]string{"ctrl+r"}, "ctrl+r", "refresh"),
			Sort:       bind([]string{"o"}, "o", "sort"),
			Audit:      bind([]string{"A"}, "A", "audit trail"),
			Placements: bind([]string{"P"}, "P", "placements"),
			Spend:      bind([]string{"$"}, "$", "spend"),

			Attention:    bind([]string{"t"}, "t", "what needs attention"),
			SettingsOpen: bind([]string{"S"}, "S", "council settings"),
			Terms:        bind([]string{"F"}, "F", "framework terms"),
			Insight:      bind([]string{"I"}, "I", "what the data shows"),
		},
		Form:  formKeys("who it reaches"),
		Offer: formKeys("save answer"),
		Preview: PreviewKeys{
			ScrollKeys: scrollKeys(),
			Send:       bind([]string{"b"}, "b", "broadcast now"),
			Edit:       bind([]string{"e"}, "e", "edit draft"),
			Back:       bind([]string{"esc"}, "esc", "back (stays a draft)"),
		},
		Detail: DetailKeys{
			ScrollKeys: scrollKeys(),
			Broadcast:  bind([]string{"b"}, "b", "broadcast"),
			Edit:       bind([]string{"e"}, "e", "edit draft"),
			Offer:      bind([]string{"o"}, "o", "log an answer"),
			Extend:     bind([]string{"e"}, "e", "extend deadline"),
			Close:      bind([]string{"c"}, "c", "close early"),
			Cancel:     bind([]string{"x"}, "x", "cancel request"),
			Rank:       bind([]string{"r"}, "r", "ranking"),
			Copy:       bind([]string{"n"}, "n", "new from this"),
			Resend:     bind([]string{"m"}, "m", "mail again"),
			Note:       bind([]string{"w"}, "w", "write a note"),
			Refresh:    bind([]string{"ctrl+r"}, "ctrl+r", "refresh"),
			Back:       bind([]string{"esc"}, "esc", "back"),
			MoveStart:  bind([]string{"s"}, "s", "move start"),
			CopyID:     bind([]string{"y"}, "y", "copy id"),
			Report:     bind([]string{"p"}, "p", "save decision"),
			ViewReport: bind([]string{"v"}, "v", "view report"),
		},
		Ranking: RankingKeys{
			ScrollKeys: scrollKeys(),
			OpenOffers: bind([]string{"y"}, "y", "open the offers"),
			Award:      bind([]string{"a"}, "a", "award selected"),
			NoAward:    bind([]string{"n"}, "n", "no award"),
			WhatIf:     bind([]string{"w"}, "w", "what if"),
			Back:       bind([]string{"esc"}, "esc", "back"),
			Report:     bind([]string{"p"}, "p", "save decision"),
		},
		WhatIf: WhatIfKeys{
			ScrollKeys: scrollKeys(),
			Raise:      bind([]string{"+", "="}, "+", "price +£10"),
			Lower:      bind([]string{"-", "_"}, "-", "price −£10"),
			CoverUp:    bind([]string{"]"}, "]", "cover +1 year"),
			CoverDown:  bind([]string{"["}, "[", "cover −1 year"),
			TypePrice:  bind([]string{"p"}, "p", "type a price"),
			TypeCover:  bind([]string{"c"}, "c", "type a cover age"),
			Reset:      bind([]string{"r"}, "r", "undo changes"),
			Back:       bind([]string{"esc"}, "esc", "back"),
			WeightQ:    bind([]string{"Q"}, "Q", "quality weight +5"),
			WeightP:    bind([]string{"P"}, "P", "price weight +5"),
			WeightA:    bind([]string{"A"}, "A", "age cover weight +5"),
		},
		Invites: InvitesKeys{
			ScrollKeys: scrollKeys(),
			Open:       bind([]string{"enter"}, "enter", "open"),
			Refresh:    bind([]string{"ctrl+r"}, "ctrl+r", "refresh"),
		},
		Invite: InvitationKeys{
			ScrollKeys: scrollKeys(),
			Offer:      bind([]string{"o"}, "o", "offer"),
			Decline:    bind([]string{"d"}, "d", "decline"),
			Withdraw:   bind([]string{"x"}, "x", "withdraw offer"),
			Refresh:    bind([]string{"ctrl+r"}, "ctrl+r", "refresh"),
			Back:       bind([]string{"esc"}, "esc", "back"),
		},
		Live: LiveKeys{
			Up:      bind([]string{"up", "k"}, "↑/k", "up"),
			Down:    bind([]string{"down", "j"}, "↓/j", "down"),
			WhatIf:  bind([]string{"w", "enter"}, "w", "how it is scored"),
			Ranking: bind([]string{"o"}, "o", "officer's ranking"),
			Pause:   bind([]string{" "}, "space", "pause"),
			Back:    bind([]string{"left"}, "←", "back"),
			Forward: bind([]string{"right"}, "→", "next"),
			Restart: bind([]string{"r"}, "r", "restart"),
			Faster:  bind([]string{"+", "="}, "+", "faster"),
			Slower:  bind([]string{"-", "_"}, "-", "slower"),
		},
		Providers: ProvidersKeys{
			ScrollKeys:   scrollKeys(),
			Open:         bind([]string{"enter"}, "enter", "details"),
			Filter:       bind([]string{"/"}, "/", "filter"),
			Lot:          bind([]string{"l"}, "l", "lot"),
			Status:       bind([]string{"s"}, "s", "status"),
			Council:      bind([]string{"c"}, "c", "council"),
			Capability:   bind([]string{"t"}, "t", "capability"),
			Clear:        bind([]string{"x"}, "x", "clear filters"),
			Sort:         bind([]string{"o"}, "o", "sort"),
			Back:         bind([]string{"esc"}, "esc", "back"),
			Import:       bind([]string{"i"}, "i", "import a register"),
			Applications: bind([]string{"a"}, "a", "applications"),
			Assess:       bind([]string{"e"}, "e", "assess quality"),
			Admit:        bind([]string{"m"}, "m", "admit"),
			Refuse:       bind([]string{"f"}, "f", "refuse"),
			Suspend:      bind([]string{"u"}, "u", "suspend"),
			Reinstate:    bind([]string{"r"}, "r", "reinstate"),
			Remove:       bind([]string{"R"}, "R", "remove"),
		},
		Audit: AuditKeys{
			ScrollKeys: scrollKeys(),
			Filter:     bind([]string{"/"}, "/", "filter"),
			Order:      bind([]string{"o"}, "o", "newest/oldest first"),
			Verify:     bind([]string{"v"}, "v", "verify the trail"),
			Back:       bind([]string{"esc"}, "esc", "back"),
		},
		Report:  ScrollBack{ScrollKeys: scrollKeys(), Refresh: bind([]string{"ctrl+r"}, "ctrl+r", "refresh"), Back: bind([]string{"esc"}, "esc", "back")},
		Insight: ScrollBack{ScrollKeys: scrollKeys(), Refresh: bind([]string{"ctrl+r"}, "ctrl+r", "refresh"), Back: bind([]string{"esc"}, "esc", "back")},
		Confirm: ConfirmKeys{
			Yes: bind([]string{"y", "enter"}, "y/enter", "yes"),
			No:  bind([]string{"n", "esc"}, "n/esc", "no"),
		},
		Prompt: PromptKeys{
			Submit: bind([]string{"enter"}, "enter", "next / submit"),
			Next:   bind([]string{"tab"}, "tab", "next field"),
			Prev:   bind([]string{"shift+tab"}, "shift+tab", "previous field"),
			Cancel: bind([]string{"esc"}, "esc", "cancel"),
		},
		Picker: PickerKeys{
			Up:     bind([]string{"up"}, "↑", "up"),
			Down:   bind([]string{"down"}, "↓", "down"),
			Choose: bind([]string{"enter"}, "enter", "choose"),
			Cancel: bind([]string{"esc"}, "esc", "cancel"),
		},
		Filter: FilterKeys{
			Apply: bind([]string{"enter"}, "enter", "keep filter"),
			Clear: bind([]string{"esc"}, "esc", "clear filter"),
		},

		Attention: attentionKeys(),
		Term:      termKeys(),
		Settings:  settingsKeys(),
	}
}
