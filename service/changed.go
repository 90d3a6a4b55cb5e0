package service

import "context"

// ChangeCounter is a store that can tell cheaply that others have written
// to it (store.DB is one): the number it gives moves when they do.
type ChangeCounter interface {
	Changed(ctx context.Context) (int64, error)
}

// Changed is a number that moves when another process commits to the
// store, cheap to read every second or two: the app polls it and reloads
// what it shows only when it has moved. A store that cannot tell gives 0
// always.
func (s *Service) Changed(ctx context.Context) (int64, error) {
	if c, ok := s.store.(ChangeCounter); ok {
		return c.Changed(ctx)
	}
	return 0, nil
}
