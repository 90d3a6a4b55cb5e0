package service

import (
	"context"
	"sync"
)

// Changes tells the screens of one process (a server's sessions) at once
// that the store changed, rather than at their next look (see Changed,
// which still catches other processes' writes). A subscriber's channel
// holds one signal: many changes while it is busy are one.
type Changes struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// NewChanges makes a hub with no subscribers.
func NewChanges() *Changes { return &Changes{subs: map[chan struct{}]struct{}{}} }

// Subscribe is a channel that is signalled after each change, and the
// function that ends the subscription.
func (c *Changes) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	c.mu.Lock()
	c.subs[ch] = struct{}{}
	c.mu.Unlock()
	return ch, func() {
		c.mu.Lock()
		delete(c.subs, ch)
		c.mu.Unlock()
	}
}

// Publish signals every subscriber, never waiting for one.
func (c *Changes) Publish() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Notifying is s, publishing to c after each write it commits.
func Notifying(s Store, c *Changes) Store { return &notifying{Store: s, c: c} }

type notifying struct {
	Store
	c *Changes
}

func (n *notifying) Update(ctx context.Context, fn func(Tx) error) error {
	err := n.Store.Update(ctx, fn)
	if err == nil {
		n.c.Publish()
	}
	return err
}

// Changed and CheckFile are the wrapped store's, when it has them.
func (n *notifying) Changed(ctx context.Context) (int64, error) {
	if c, ok := n.Store.(ChangeCounter); ok {
		return c.Changed(ctx)
	}
	return 0, nil
}

func (n *notifying) CheckFile(ctx context.Context) (FileCheck, error) {
	if c, ok := n.Store.(FileChecker); ok {
		return c.CheckFile(ctx)
	}
	return FileCheck{}, nil
}
