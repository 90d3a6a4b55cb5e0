// Package service holds the operations of placematch: every action a
// command or a screen can take. Each operation runs in one store transaction,
// asks matching for the rules and writes its audit event in the same
// transaction, so the command line and the app can never disagree.
package service

import (
	"context"
	"time"

	"placematch/matching"
)

// Store is the persistence placematch needs, narrow enough that a server
// database can stand behind it later.
type Store interface {
	// Update runs fn in one write transaction: all of it is kept or none.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn on a consistent read-only snapshot.
	View(ctx context.Context, fn func(Tx) error) error
	// Backup writes a consistent copy to a new file while others work.
	Backup(ctx context.Context, path string) error
	Close() error
}

// ProviderFilter narrows the register; empty fields match everything.
type ProviderFilter struct {
	Framework  string
	Lot        string
	Status     string
	Council    string
	Capability string
	ProviderID string
	// SuspensionEndsBy, when set, keeps the suspended rows whose end date
	// has come by that date.
	SuspensionEndsBy time.Time
	// Limit keeps the first rows only (0: all), in the usual order.
	Limit int
	// Eligibility reads the rows of Framework's Lot (the other fields
	// unused) with only what eligibility and the invitations need: the
	// kind, the register's dates but admitted_on, its notes and reasons
	// are left zero.
	Eligibility bool
}

// RequestFilter narrows the list of requests; empty fields match everything.
type RequestFilter struct {
	Council  string
	Statuses []matching.Status
	// Provider lists only requests that provider was invited to.
	Provider string
	Limit    int
}

// RequestSummary is one line of the requests list.
type RequestSummary struct {
	ID        string           `json:"id"`
	Council   string           `json:"council"`
	Framework string           `json:"framework"`
	Lot       string           `json:"lot"`
	Status    matching.Status  `json:"-"`
	Urgency   matching.Urgency `json:"urgency"`
	Age       int              `json:"age"`
	Start     time.Time        `json:"-"`
	Deadline  time.Time        `json:"deadline"`
	Locality  string           `json:"locality"`
	Needs     []string         `json:"needs"`
	CreatedAt time.Time        `json:"created_at"`
	Invited   int              `json:"invited"`
	Answered  int              `json:"answered"`
	AwardedTo string           `json:"awarded_to,omitempty"`
	// AwardedName is the awarded provider's name, for lists.
	AwardedName string `json:"awarded_name,omitempty"`
	// Incomplete: a draft still without its date of birth, start date or
	// deadline (Age is then 0).
	Incomplete bool `json:"-"`
}

// Tx is what an operation may read and write inside one transaction.
type Tx interface {
	CouncilDefaults(council, framework, lot string) (matching.Defaults, error)
	SetCouncilDefaults(council, framework, lot string, d matching.Defaults) error
	// CouncilContact is a council's placements contact (empty when none
	// has been set).
	CouncilContact(council string) (matching.Contact, error)
	SetCouncilContact(council string, c matching.Contact) error
	// Settings are the server's settings (empty where none has been set).
	Settings() (matching.Settings, error)
	SetSettings(s matching.Settings) error

	ProviderLots(f ProviderFilter) ([]matching.ProviderLot, error)
	// UpsertProviderLots adds or updates register rows by provider,
	// framework and lot, returning the state each row had before (nil when
	// new).
	UpsertProviderLots(rows []matching.ProviderLot, now time.Time) (before []*matching.ProviderLot, err error)
	// StreamWrites says the transaction goes on to write more than should
	// be held in memory until it commits (a register read as a stream):
	// the store writes out what it has written as it goes, keeping a
	// bounded part in memory, until the transaction ends.
	StreamWrites() error
	// UpdateProviderLot writes where an existing row stands in the
	// register's life: status, dates, quality and the words of its last
	// change (not its name, areas, ages or capabilities).
	UpdateProviderLot(p matching.ProviderLot, now time.Time) error

	// NextRequestID takes the id of a new request of the council (its
	// slug): the council's code, the London year of now and the council's
	// own count that year (SEF-2026-0012), never given before.
	NextRequestID(council string, now time.Time) (string, error)
	InsertRequest(r matching.Request) error
	UpdateRequest(r matching.Request) error
	Request(id string) (matching.Request, error)
	Requests(f RequestFilter) ([]RequestSummary, error)
	// RequestsSince is the list read since a mark (see
	// Service.RequestsSince): whole, with Full, when since is zero, when
	// the trail no longer holds it, or when an event of one of the actions
	// fullAfter came after it; f's limit applies only then.
	RequestsSince(f RequestFilter, since ListMark, fullAfter []string) (RequestChanges, error)
	DueRequests(now time.Time) ([]string, error)

	// InsertBroadcast records who was invited and who was not.
	// leftDigest is matching.NotInvitedDigest(left), which the caller
	// works out once for the audit event too ("" when left is empty).
	InsertBroadcast(requestID string, invited []matching.Invitation, left []matching.NotInvited, leftDigest string) error
	Invitations(requestID string) ([]matching.Invitation, error)
	NotInvited(requestID string) ([]matching.NotInvited, error)
	// NotInvitedAhead is NotInvited begun now and finished by the function
	// it returns (which must be called before the transaction ends), so
	// that other reads go on meanwhile.
	NotInvitedAhead(requestID string) func() ([]matching.NotInvited, error)
	// SnapshotAtClose records each invited provider's register standing at
	// close, which its offer is judged on.
	SnapshotAtClose(requestID string) error
	Entrants(requestID string) ([]matching.Entrant, error)

	Responses(requestID string) ([]matching.Response, error)
	PutResponse(requestID string, r matching.Response) error

	SaveRanking(requestID string, rk matching.Ranking) error
	Ranking(requestID string) (matching.Ranking, error)

	// AppendEvents adds events to the end of the hash chain, in order,
	// filling in their sequence numbers and hashes.
	AppendEvents(evs ...matching.Event) error
	Events(requestID string) ([]matching.Event, error)
	EachEvent(fn func(matching.Event) error) error
	// EachEventChecked walks the whole trail in order as EachEvent does,
	// giving each event with its own check (matching.CheckEvent), worked
	// out on several goroutines while fn links the chain on one.
	EachEventChecked(fn func(matching.Event, matching.EventCheck) error) error
	// OpenedRequests are the ids of the requests whose offers have been
	// opened (the rest are sealed).
	OpenedRequests() (map[string]bool, error)
	// EventsPage reads up to limit events next to the sequence number
	// from (not included; 0 is either end): after it in order, or before
	// it newest first.
	EventsPage(from int64, newestFirst bool, limit int) ([]matching.Event, error)
	// AuditWritten is how many events the store recorded writing (0 when
	// unknown), so that a deleted tail of the trail is seen.
	AuditWritten() (int64, error)
	// AuditHead is the last event's sequence number and hash (0 and ""
	// for an empty trail).
	AuditHead() (matching.Anchor, error)

	// The whole state, streamed without holding it, to be checked against
	// the trail (see Service.VerifyAudit): every request; each request's
	// invited providers; every answer; every ranking that want accepts
	// (nil: all), with the ids, prices, cover, quality and totals of its
	// entries (not names, scores or times).
	EachRequestRow(fn func(matching.Request) error) error
	EachInvited(fn func(requestID string, providerIDs []string) error) error
	EachAnswer(fn func(requestID string, r matching.Response) error) error
	EachRanking(want func(requestID string) bool, fn func(requestID string, rk matching.Ranking) error) error
	// EachRankedOffers streams the ranked offers of every ranking that
	// want accepts (nil: all): their rank, provider and weekly price only,
	// read without the rest of the stored ranking (a region's long lists
	// of providers that never answered), for insight and open data.
	EachRankedOffers(want func(requestID string) bool, fn func(requestID string, ranked []matching.Scored) error) error
	// EachInvitedIn and EachDeclineIn stream, of the requests a scope
	// holds, each request's invited providers, and each answer (its
	// provider, and the decline reason of a decline, "" otherwise):
	// selected in the database.
	EachInvitedIn(sc matching.InsightScope, fn func(requestID string, providerIDs []string) error) error
	EachAnswerIn(sc matching.InsightScope, fn func(requestID, providerID string, declined bool, reason string) error) error

	DeliveryTx
	PeopleTx
	PlacementTx
	TermTx
}

// Delivery is one message to a provider, queued with the action that
// caused it and sent afterwards.
type Delivery struct {
	ID         int64     `json:"id"`
	RequestID  string    `json:"request_id"`
	ProviderID string    `json:"provider_id"`
	Kind       string    `json:"kind"` // invitation or outcome
	To         string    `json:"to"`
	Subject    string    `json:"subject"`
	Body       string    `json:"-"`
	Status     string    `json:"status"` // pending, sent, failed, no_address
	Attempts   int       `json:"attempts"`
	LastError  string    `json:"last_error,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	SentAt     time.Time `json:"sent_at,omitzero"`
	Via        string    `json:"via,omitempty"`
	// A message kept as a shared letter (see DeliveryTx.QueueLetter) comes
	// from the store with the letter's body, its id, and the name on the
	// provider's invitation; the service writes the greeting.
	LetterID     int64  `json:"-"`
	ProviderName string `json:"-"`
	// Nonce is the random part of the message's Message-ID (see
	// MessageID), given by the store when the message is queued and kept
	// through every retry.
	Nonce string `json:"-"`
}

// Letter is a message that many providers receive alike but for the
// greeting: its body is what follows the "Dear …," line, already inert.
type Letter struct {
	RequestID string
	Kind      string
	Subject   string
	Body      string
	CreatedAt time.Time
}

// DeliveryResult is how sending one message went: sent, or failed with
// the error.
type DeliveryResult struct {
	ID        int64
	Status    string
	LastError string
	Via       string
	At        time.Time
}

// DeliveryTx is the outbox part of a transaction.
type DeliveryTx interface {
	// QueueDeliveries queues whole messages. It gives each its own random
	// Nonce (8 random bytes in hex), whatever the Nonce handed in.
	QueueDeliveries(ds []Delivery) error
	// QueueLetter queues one message to every provider invited to the
	// letter's request, keeping the letter once: each message greets its
	// provider by the name on the invitation and goes to the invitation's
	// address (no_address when it has none), with its own random Nonce.
	QueueLetter(l Letter) error
	// PendingDeliveries are messages not yet sent (pending or failed) with
	// ids after afterID, oldest first.
	PendingDeliveries(afterID int64, limit int) ([]Delivery, error)
	// ClaimDeliveries takes pending messages for sending, but not those
	// another delivery run took after staleBefore, and returns the ids it
	// took; only the claimant sends a message, so two processes delivering
	// at once do not send it twice.
	ClaimDeliveries(ids []int64, at, staleBefore time.Time) ([]int64, error)
	// MarkDeliveries records how sends went.
	MarkDeliveries(rs []DeliveryResult) error
	Deliveries(requestID string) ([]Delivery, error)
	// Requeue queues again the messages of a request and a provider (each
	// optional: empty means all), to the address the register now gives:
	// those never sent for want of an address become pending when there
	// is one now, and those failing go to it on their next try; with
	// alsoSent, a copy of each message already sent is queued too, with a
	// Message-ID of its own. It returns how many of the messages are now
	// waiting to be sent (pending or failing) and the providers still with
	// no address.
	Requeue(requestID, providerID string, alsoSent bool, at time.Time) (int, []Unreachable, error)
}

// Unreachable is a provider whose messages cannot go, for want of an email
// on the register: it must be phoned.
type Unreachable struct {
	ProviderID   string `json:"provider_id"`
	ProviderName string `json:"provider_name"`
	Phone        string `json:"phone"`
}

// Message is one email to a provider, as the service hands it to a Sender.
type Message struct {
	ID string // the Message-ID's local part (see MessageID): unique, and the same on every retry
	// Domain is the Message-ID's domain (<ID@Domain>); DefaultMessageDomain
	// when "".
	Domain string
	From   string
	// ReplyTo is where a provider's reply goes (the council's placements
	// contact); none when "".
	ReplyTo string
	To      string
	Subject string
	Body    string
	Date    time.Time
}

// DefaultMessageDomain is the Message-ID's domain when none is set: a name
// under .invalid, which is reserved never to be a real domain (RFC 2606).
const DefaultMessageDomain = "placematch.invalid"

// MessageIDAddr is the message's Message-ID without its angle brackets:
// ID@Domain.
func (m Message) MessageIDAddr() string {
	domain := m.Domain
	if domain == "" {
		domain = DefaultMessageDomain
	}
	return m.ID + "@" + domain
}

// Sender is the outbound mail port: it delivers one message. The service
// declares it and the delivery package implements it (a relay, or an
// outbox folder), as store implements Store.
type Sender interface {
	Send(m Message) error
	// Via names where messages go, for the record.
	Via() string
}

// BatchSender is a Sender that takes many messages at once more cheaply
// than one by one: a relay takes them all over one connection.
type BatchSender interface {
	Sender
	// SendBatch sends the messages in order. As soon as a message is
	// delivered (its data accepted by the relay, or its file on disk) it
	// calls taken with the message's index, and begins the next only once
	// taken has returned: the service records the message as sent there,
	// so that a run killed mid-batch leaves at most the message in hand
	// delivered but not recorded. When taken returns an error it begins no
	// more, giving each of those an error.
	//
	// It returns an error (or nil) for each message: nil once the message
	// is delivered, whatever goes wrong after. It begins no message once
	// ctx is done, giving each of those an error.
	SendBatch(ctx context.Context, ms []Message, taken func(i int) error) []error
	// BatchSize is how many messages it takes at once: fewer for a relay,
	// which waits on the network for each, than for a folder.
	BatchSize() int
}
