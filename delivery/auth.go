package delivery

import (
	"fmt"
	"os"
	"strings"
)

// The environment that holds the relay's sign-in: never a flag, which other
// users of the machine can read from the process list.
const (
	EnvUser         = "PLACEMATCH_SMTP_USER"
	EnvPassword     = "PLACEMATCH_SMTP_PASSWORD"
	EnvPasswordFile = "PLACEMATCH_SMTP_PASSWORD_FILE"
	EnvToken        = "PLACEMATCH_SMTP_TOKEN"
)

// Auth is how placematch signs in to a relay. The zero Auth does not sign
// in. It prints without its secret.
type Auth struct {
	User     string
	Password string // AUTH PLAIN or LOGIN, whichever the relay offers
	Token    string // an OAuth 2 access token, for AUTH XOAUTH2
}

func (a Auth) set() bool { return a.User != "" || a.Password != "" || a.Token != "" }

// String names the sign-in without its secret.
func (a Auth) String() string {
	switch {
	case a.Token != "":
		return a.User + " with a token"
	case a.Password != "":
		return a.User + " with a password"
	}
	return "no sign-in"
}

// GoString keeps the secret out of %#v too.
func (a Auth) GoString() string { return "delivery.Auth{" + a.String() + "}" }

// AuthFromEnv reads the sign-in from the environment: PLACEMATCH_SMTP_USER
// with PLACEMATCH_SMTP_PASSWORD, or with PLACEMATCH_SMTP_PASSWORD_FILE (a
// file holding the password; a trailing newline is not part of it), or with
// PLACEMATCH_SMTP_TOKEN for XOAUTH2. None of them: no sign-in. A mistake is
// refused with what to change, never showing the secret.
func AuthFromEnv(getenv func(string) string) (Auth, error) {
	a := Auth{User: getenv(EnvUser), Password: getenv(EnvPassword), Token: getenv(EnvToken)}
	file := getenv(EnvPasswordFile)
	switch {
	case a.Password != "" && file != "":
		return Auth{}, fmt.Errorf("both %s and %s are set: keep one", EnvPassword, EnvPasswordFile)
	case a.Token != "" && (a.Password != "" || file != ""):
		return Auth{}, fmt.Errorf("%s (for XOAUTH2) and a password are both set: keep one", EnvToken)
	case file != "":
		raw, err := os.ReadFile(file)
		if err != nil {
			return Auth{}, fmt.Errorf("cannot read the password file %s named by %s: %w", file, EnvPasswordFile, unwrapPath(err))
		}
		if a.Password = strings.TrimRight(string(raw), "\r\n"); a.Password == "" {
			return Auth{}, fmt.Errorf("the password file %s named by %s is empty", file, EnvPasswordFile)
		}
	}
	switch {
	case a.User == "" && (a.Password != "" || a.Token != ""):
		return Auth{}, fmt.Errorf("a password or token is set but %s is not: set the name to sign in as", EnvUser)
	case a.User != "" && a.Password == "" && a.Token == "":
		return Auth{}, fmt.Errorf("%s is set without a password: set %s, %s or %s too", EnvUser, EnvPassword, EnvPasswordFile, EnvToken)
	}
	return a, nil
}

// unwrapPath drops the path from a file error that is already named.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
