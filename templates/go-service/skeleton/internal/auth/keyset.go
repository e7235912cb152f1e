package auth

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"sync"
	"time"
)

// KeySet holds the identity provider's signing keys (a JWKS, RFC 7517), fetched from
// AUTH_JWT_JWKS_URL and trusted for TTL. A token naming a key id the set lacks triggers a fetch
// (the provider rotated its keys), at most once per MinRefresh so random key ids cannot flood the
// provider. Keys older than TTL are not used, even when the provider cannot be reached.
type KeySet struct {
	URL        string
	Client     *http.Client
	TTL        time.Duration
	MinRefresh time.Duration
	// MaxBytes bounds the key set read; a bigger answer is refused.
	MaxBytes int64
	Now      func() time.Time
	// OnError is told why a fetch failed (the keys then stay as they were).
	OnError func(error)

	mu          sync.Mutex
	keys        []signingKey
	fetchedAt   time.Time
	attemptedAt time.Time
}

type signingKey struct {
	kid string
	// alg is the JWK's own algorithm, when it names one: the key then verifies only that one.
	alg    string
	public crypto.PublicKey // *rsa.PublicKey or *ecdsa.PublicKey
}

// NewKeySet returns the key set at url with the service's bounds: a 5 s timeout, no redirect
// followed, 5 minutes of trust, a fetch at most every 10 s, 256 KiB at most.
func NewKeySet(url string, onError func(error)) *KeySet {
	return &KeySet{
		URL: url,
		Client: &http.Client{
			Timeout: 5 * time.Second,
			// The keys come from the configured address only.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		TTL:        5 * time.Minute,
		MinRefresh: 10 * time.Second,
		MaxBytes:   256 << 10,
		Now:        time.Now,
		OnError:    onError,
	}
}

// find returns the keys with this key id ("" matches a key without one), fetching the set again
// when it is stale or lacks the id. One fetch at a time: callers meanwhile wait for it.
func (s *KeySet) find(kid string) []signingKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	if (!s.fresh() || len(s.matching(kid)) == 0) && !s.within(s.attemptedAt, s.MinRefresh) {
		s.attemptedAt = s.Now()
		if keys, err := s.fetch(); err != nil {
			s.OnError(err)
		} else {
			s.keys, s.fetchedAt = keys, s.attemptedAt
		}
	}
	if !s.fresh() {
		return nil
	}
	return s.matching(kid)
}

func (s *KeySet) fresh() bool { return s.within(s.fetchedAt, s.TTL) }

func (s *KeySet) within(at time.Time, d time.Duration) bool {
	return !at.IsZero() && s.Now().Sub(at) < d
}

func (s *KeySet) matching(kid string) []signingKey {
	var found []signingKey
	for _, k := range s.keys {
		if k.kid == kid {
			found = append(found, k)
		}
	}
	return found
}

func (s *KeySet) fetch() ([]signingKey, error) {
	res, err := s.Client.Get(s.URL)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the JWKS URL answered HTTP %d", res.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, s.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > s.MaxBytes {
		return nil, fmt.Errorf("the key set is larger than %d bytes", s.MaxBytes)
	}
	return parseKeySet(data)
}

var errNotAKeySet = errors.New(`the JWKS URL did not answer a key set ({"keys": [...]})`)

// parseKeySet returns the signature keys of a JWKS document; keys for encryption, of another
// type, or malformed are left out.
func parseKeySet(data []byte) ([]signingKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil || set.Keys == nil {
		return nil, errNotAKeySet
	}
	keys := []signingKey{}
	for _, raw := range set.Keys {
		var jwk struct {
			Kty, Use, Kid, Alg, N, E, Crv, X, Y string
		}
		if json.Unmarshal(raw, &jwk) != nil || (jwk.Use != "" && jwk.Use != "sig") {
			continue
		}
		if public := publicKey(jwk.Kty, jwk.N, jwk.E, jwk.Crv, jwk.X, jwk.Y); public != nil {
			keys = append(keys, signingKey{kid: jwk.Kid, alg: jwk.Alg, public: public})
		}
	}
	return keys, nil
}

var curves = map[string]struct {
	curve elliptic.Curve
	ecdh  ecdh.Curve
}{
	"P-256": {elliptic.P256(), ecdh.P256()},
	"P-384": {elliptic.P384(), ecdh.P384()},
}

// publicKey is the JWK's RSA or EC public key, or nil when it is neither or malformed.
func publicKey(kty, n, e, crv, x, y string) crypto.PublicKey {
	switch kty {
	case "RSA":
		modulus, err1 := base64.RawURLEncoding.DecodeString(n)
		exponent, err2 := base64.RawURLEncoding.DecodeString(e)
		if err1 != nil || err2 != nil || len(modulus) == 0 || len(exponent) == 0 || len(exponent) > 4 {
			return nil
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(modulus), E: int(new(big.Int).SetBytes(exponent).Int64())}
	case "EC":
		c, ok := curves[crv]
		xs, err1 := base64.RawURLEncoding.DecodeString(x)
		ys, err2 := base64.RawURLEncoding.DecodeString(y)
		// The point must be on the curve (crypto/ecdh checks it).
		if !ok || err1 != nil || err2 != nil || len(xs) != len(ys) {
			return nil
		}
		if _, err := c.ecdh.NewPublicKey(append(append([]byte{4}, xs...), ys...)); err != nil {
			return nil
		}
		return &ecdsa.PublicKey{Curve: c.curve, X: new(big.Int).SetBytes(xs), Y: new(big.Int).SetBytes(ys)}
	}
	return nil
}
