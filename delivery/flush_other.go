//go:build !linux

package delivery

import "os"

// flush makes the files written in dir durable, one by one, and then the
// folder that names them.
func flush(dir string, files []string) error {
	for _, name := range append(files, dir) {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
