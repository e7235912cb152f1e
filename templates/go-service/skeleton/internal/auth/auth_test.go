package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Keys and tokens are made when the tests run: no key or secret is kept in the repository.

const (
	issuer   = "https://idp.example.com"
	audience = "api://service"
)

// providerKey is the provider's RSA key, made once: RSA key generation is the tests' slowest step.
var providerKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

func rsaKey(t *testing.T, bits int) *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func ecKey(t *testing.T, curve elliptic.Curve) *ecdsa.PrivateKey {
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

var b64 = base64.RawURLEncoding

func bytesOf(n *big.Int, size int) string { return b64.EncodeToString(n.FillBytes(make([]byte, size))) }

// jwk is a public key as a JWKS entry, with extra fields (kid, alg, use).
func jwk(public crypto.PublicKey, fields map[string]any) map[string]any {
	entry := map[string]any{}
	switch key := public.(type) {
	case *rsa.PublicKey:
		entry = map[string]any{"kty": "RSA", "n": b64.EncodeToString(key.N.Bytes()), "e": "AQAB"}
	case *ecdsa.PublicKey:
		size := (key.Curve.Params().BitSize + 7) / 8
		entry = map[string]any{"kty": "EC", "crv": key.Curve.Params().Name, "x": bytesOf(key.X, size), "y": bytesOf(key.Y, size)}
	}
	for name, value := range fields {
		entry[name] = value
	}
	return entry
}

func part(value any) string {
	data, _ := json.Marshal(value)
	return b64.EncodeToString(data)
}

func claims(overrides map[string]any) map[string]any {
	c := map[string]any{"iss": issuer, "aud": audience, "sub": "client-1", "exp": time.Now().Add(5 * time.Minute).Unix()}
	for name, value := range overrides {
		if value == nil {
			delete(c, name)
		} else {
			c[name] = value
		}
	}
	return c
}

var hashes = map[string]crypto.Hash{"256": crypto.SHA256, "384": crypto.SHA384, "512": crypto.SHA512}

// sign makes a compact JWT with the header's alg: RS*, PS* and ES* with a private key, HS* with a
// secret ([]byte).
func sign(t *testing.T, key any, header, payload map[string]any) string {
	data := part(header) + "." + part(payload)
	alg := header["alg"].(string)
	hash := hashes[alg[2:]]
	h := hash.New()
	h.Write([]byte(data))
	digest := h.Sum(nil)
	var signature []byte
	var err error
	switch k := key.(type) {
	case []byte:
		mac := hmac.New(hash.New, k)
		mac.Write([]byte(data))
		signature = mac.Sum(nil)
	case *rsa.PrivateKey:
		if strings.HasPrefix(alg, "PS") {
			signature, err = rsa.SignPSS(rand.Reader, k, hash, digest, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		} else {
			signature, err = rsa.SignPKCS1v15(rand.Reader, k, hash, digest)
		}
	case *ecdsa.PrivateKey:
		var r, s *big.Int
		r, s, err = ecdsa.Sign(rand.Reader, k, digest)
		size := (k.Curve.Params().BitSize + 7) / 8
		signature = append(r.FillBytes(make([]byte, size)), s.FillBytes(make([]byte, size))...)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data + "." + b64.EncodeToString(signature)
}

// provider serves a key set over HTTPS on the loopback interface and counts the fetches.
type provider struct {
	mu       sync.Mutex
	answer   http.HandlerFunc
	requests int
	server   *httptest.Server
}

func newProvider(t *testing.T, keys ...map[string]any) *provider {
	p := &provider{}
	p.setKeys(keys...)
	p.server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests++
		answer := p.answer
		p.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(p.server.Close)
	return p
}

func (p *provider) setKeys(keys ...map[string]any) {
	p.setAnswer(func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	})
}

func (p *provider) setAnswer(answer http.HandlerFunc) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.answer = answer
}

func (p *provider) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests
}

// clock is the key set's time, moved by the tests; errors collects its fetch failures.
type clock struct {
	now    time.Time
	errors []error
}

func (p *provider) keySet(c *clock) *KeySet {
	keys := NewKeySet(p.server.URL+"/keys", func(err error) { c.errors = append(c.errors, err) })
	keys.Client.Transport = p.server.Client().Transport
	keys.Now = func() time.Time { return c.now }
	return keys
}

func TestVerify(t *testing.T) {
	signer, other, weak := providerKey(), rsaKey(t, 2048), rsaKey(t, 1024)
	p256, p384 := ecKey(t, elliptic.P256()), ecKey(t, elliptic.P384())
	p := newProvider(t,
		jwk(&signer.PublicKey, map[string]any{"kid": "provider", "use": "sig"}),
		jwk(&p256.PublicKey, map[string]any{"kid": "ec", "alg": "ES256"}),
		jwk(&p384.PublicKey, map[string]any{"kid": "ec384"}),
		jwk(&weak.PublicKey, map[string]any{"kid": "weak"}),
		jwk(&signer.PublicKey, map[string]any{"kid": "rs384-only", "alg": "RS384"}),
	)
	verifier := &Verifier{Issuer: issuer, Audience: audience, Keys: p.keySet(&clock{now: time.Now()})}
	rs := func(c map[string]any) string {
		return sign(t, signer, map[string]any{"alg": "RS256", "kid": "provider"}, claims(c))
	}
	now := time.Now().Unix()

	for name, token := range map[string]string{
		"RS256":                     rs(nil),
		"PS256":                     sign(t, signer, map[string]any{"alg": "PS256", "kid": "provider"}, claims(nil)),
		"ES256":                     sign(t, p256, map[string]any{"alg": "ES256", "kid": "ec"}, claims(nil)),
		"ES384":                     sign(t, p384, map[string]any{"alg": "ES384", "kid": "ec384"}, claims(nil)),
		"an audience list":          rs(map[string]any{"aud": []string{"api://other", audience}}),
		"expired within the leeway": rs(map[string]any{"exp": now - 25}),
		"valid from now":            rs(map[string]any{"nbf": now}),
	} {
		got, err := verifier.Verify(token)
		if err != nil || got["sub"] != "client-1" {
			t.Errorf("%s: got %v, %v; want the claims", name, got, err)
		}
	}

	header := func(fields map[string]any) string { return part(fields) }
	valid := strings.Split(rs(nil), ".")
	publicDER, _ := x509.MarshalPKIXPublicKey(&signer.PublicKey)
	for name, c := range map[string]struct {
		token string
		want  Refusal
	}{
		"another audience":                  {rs(map[string]any{"aud": "api://another-service"}), Invalid},
		"no audience":                       {rs(map[string]any{"aud": nil}), Invalid},
		"an audience list without it":       {rs(map[string]any{"aud": []string{"api://other"}}), Invalid},
		"another issuer":                    {rs(map[string]any{"iss": "https://evil.example.com"}), Invalid},
		"expired":                           {rs(map[string]any{"exp": now - 3600}), Invalid},
		"no expiry":                         {rs(map[string]any{"exp": nil}), Invalid},
		"an expiry that is not a number":    {rs(map[string]any{"exp": "tomorrow"}), Invalid},
		"not valid yet":                     {rs(map[string]any{"nbf": now + 3600}), Invalid},
		"a not-before that is not a number": {rs(map[string]any{"nbf": "now"}), Invalid},
		"signed by another key":             {sign(t, other, map[string]any{"alg": "RS256", "kid": "provider"}, claims(nil)), Invalid},
		"an unknown key id":                 {sign(t, other, map[string]any{"alg": "RS256", "kid": "unknown"}, claims(nil)), UnknownKey},
		"no key id":                         {sign(t, signer, map[string]any{"alg": "RS256"}, claims(nil)), UnknownKey},
		"alg none, unsigned":                {header(map[string]any{"alg": "none"}) + "." + valid[1] + ".", Invalid},
		"alg none":                          {header(map[string]any{"alg": "none", "kid": "provider"}) + "." + valid[1] + ".c2ln", Invalid},
		"HS256 with the public key":         {sign(t, publicDER, map[string]any{"alg": "HS256", "kid": "provider"}, claims(nil)), Invalid},
		"an RSA algorithm on an EC key":     {sign(t, p384, map[string]any{"alg": "RS256", "kid": "ec384"}, claims(nil)), Invalid},
		"an EC algorithm on an RSA key":     {sign(t, p256, map[string]any{"alg": "ES256", "kid": "provider"}, claims(nil)), Invalid},
		"ES256 on a P-384 key":              {sign(t, p384, map[string]any{"alg": "ES256", "kid": "ec384"}, claims(nil)), Invalid},
		"an algorithm the key is not for":   {sign(t, signer, map[string]any{"alg": "RS256", "kid": "rs384-only"}, claims(nil)), Invalid},
		"an RSA key under 2048 bits":        {sign(t, weak, map[string]any{"alg": "RS256", "kid": "weak"}, claims(nil)), Invalid},
		"a signature of the wrong size":     {sign(t, p256, map[string]any{"alg": "ES256", "kid": "ec"}, claims(nil)) + "AAAA", Invalid},
		"a critical extension":              {sign(t, signer, map[string]any{"alg": "RS256", "kid": "provider", "crit": []string{"exp"}}, claims(nil)), Invalid},
		"a key id that is not a string":     {sign(t, signer, map[string]any{"alg": "RS256", "kid": 7}, claims(nil)), Invalid},
		"a header that is not JSON":         {b64.EncodeToString([]byte("{alg")) + "." + valid[1] + ".c2ln", Invalid},
		"claims that are null, signed":      {signRaw(t, signer, valid[0], "null"), Invalid},
		"claims that are a list, signed":    {signRaw(t, signer, valid[0], "[1]"), Invalid},
		"not a JWT":                         {"not-a-jwt", Invalid},
		"a part that is not base64url":      {valid[0] + "." + valid[1] + ".a+b/", Invalid},
	} {
		if _, err := verifier.Verify(c.token); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

// signRaw signs a payload given as JSON text, whatever it is.
func signRaw(t *testing.T, key *rsa.PrivateKey, header, payload string) string {
	data := header + "." + b64.EncodeToString([]byte(payload))
	digest := crypto.SHA256.New()
	digest.Write([]byte(data))
	signature, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest.Sum(nil))
	if err != nil {
		t.Fatal(err)
	}
	return data + "." + b64.EncodeToString(signature)
}

func TestAuthenticateReadsTheBearerScheme(t *testing.T) {
	if Required.Error() != "a bearer token is required" {
		t.Fatalf("got %q", Required.Error())
	}
	signer := providerKey()
	p := newProvider(t, jwk(&signer.PublicKey, map[string]any{"kid": "provider"}))
	verifier := &Verifier{Issuer: issuer, Audience: audience, Keys: p.keySet(&clock{now: time.Now()})}
	token := sign(t, signer, map[string]any{"alg": "RS256", "kid": "provider"}, claims(map[string]any{"sub": "client-7"}))
	for header, want := range map[string]error{
		"":                 Required,
		"Bearer ":          Required,
		"Basic " + token:   Required,
		"Bearer a.b c":     Invalid,
		"bearer  " + token: nil,
		"Bearer " + token:  nil,
	} {
		got, err := verifier.Authenticate(header)
		if !errors.Is(err, want) || (want == nil && got["sub"] != "client-7") {
			t.Errorf("%q: got %v, %v; want %v", header, got, err, want)
		}
	}
}

func TestKeySetCachesForTheTTL(t *testing.T) {
	key := providerKey()
	p := newProvider(t, jwk(&key.PublicKey, map[string]any{"kid": "provider"}))
	c := &clock{now: time.Now()}
	keys := p.keySet(c)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if len(keys.find("provider")) != 1 {
				t.Error("the key was not found")
			}
		}()
	}
	wg.Wait()
	if p.count() != 1 {
		t.Fatalf("%d fetches, want 1", p.count())
	}
	c.now = c.now.Add(5 * time.Minute)
	keys.find("provider")
	if p.count() != 2 {
		t.Fatalf("%d fetches after the TTL, want 2", p.count())
	}
}

func TestKeySetFetchesAgainForAnUnknownKeyIDAtMostOncePerInterval(t *testing.T) {
	first, rotated := providerKey(), ecKey(t, elliptic.P256())
	p := newProvider(t, jwk(&first.PublicKey, map[string]any{"kid": "provider"}))
	c := &clock{now: time.Now()}
	keys := p.keySet(c)
	keys.find("provider")
	p.setKeys(jwk(&first.PublicKey, map[string]any{"kid": "provider"}), jwk(&rotated.PublicKey, map[string]any{"kid": "rotated", "alg": "ES256"}))
	c.now = c.now.Add(10 * time.Second)
	if found := keys.find("rotated"); len(found) != 1 || found[0].alg != "ES256" {
		t.Fatalf("the rotated key was not found: %v", found)
	}
	keys.find("forged-1")
	keys.find("forged-2")
	if p.count() != 2 {
		t.Fatalf("%d fetches, want 2", p.count())
	}
}

func TestKeySetTrustsNoKeyPastTheTTLWhenTheProviderCannotBeReached(t *testing.T) {
	key := providerKey()
	p := newProvider(t, jwk(&key.PublicKey, map[string]any{"kid": "provider"}))
	c := &clock{now: time.Now()}
	keys := p.keySet(c)
	keys.find("provider")
	p.setAnswer(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) })
	c.now = c.now.Add(5 * time.Minute)
	if found := keys.find("provider"); len(found) != 0 || len(c.errors) != 1 || !strings.Contains(c.errors[0].Error(), "HTTP 500") {
		t.Fatalf("got %v, errors %v", found, c.errors)
	}
}

func TestKeySetKeepsNoKeysFromABadAnswerAndSaysWhy(t *testing.T) {
	for name, tc := range map[string]struct {
		answer http.HandlerFunc
		want   string
	}{
		"an error status": {func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) }, "HTTP 503"},
		"a redirect (not followed)": {func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:1/keys", http.StatusFound)
		}, "HTTP 302"},
		"no key set": {func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"keys":"none"}`)) }, "did not answer a key set"},
		"null":       {func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`null`)) }, "did not answer a key set"},
		"not JSON":   {func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`<html>`)) }, "did not answer a key set"},
		"too large":  {func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(strings.Repeat(" ", 2000))) }, "larger than 1000 bytes"},
		"a cut answer": {func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "100")
			_, _ = w.Write([]byte(`{`))
		}, "unexpected EOF"},
		"too slow": {func(_ http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "Timeout"},
	} {
		p := newProvider(t)
		p.setAnswer(tc.answer)
		c := &clock{now: time.Now()}
		keys := p.keySet(c)
		keys.MaxBytes = 1000
		keys.Client.Timeout = 200 * time.Millisecond
		if found := keys.find("provider"); len(found) != 0 || len(c.errors) != 1 || !strings.Contains(c.errors[0].Error(), tc.want) {
			t.Errorf("%s: got %v, errors %v; want %q", name, found, c.errors, tc.want)
		}
	}
}

func TestKeySetSaysWhyNothingAnswers(t *testing.T) {
	c := &clock{now: time.Now()}
	keys := NewKeySet("https://127.0.0.1:1/keys", func(err error) { c.errors = append(c.errors, err) })
	if len(keys.find("provider")) != 0 || len(c.errors) != 1 {
		t.Fatalf("errors %v", c.errors)
	}
}

func TestParseKeySetKeepsOnlySignatureKeys(t *testing.T) {
	signer, curve := providerKey(), ecKey(t, elliptic.P256())
	offCurve := jwk(&curve.PublicKey, map[string]any{"kid": "off-curve"})
	offCurve["y"] = offCurve["x"]
	data, _ := json.Marshal(map[string]any{"keys": []any{
		jwk(&signer.PublicKey, map[string]any{"kid": "provider"}),
		jwk(&curve.PublicKey, map[string]any{"alg": "ES256"}),
		jwk(&signer.PublicKey, map[string]any{"kid": "encryption", "use": "enc"}),
		map[string]any{"kty": "oct", "k": "c2VjcmV0", "kid": "hmac"},
		map[string]any{"kty": "RSA", "n": "!", "e": "AQAB", "kid": "broken-rsa"},
		map[string]any{"kty": "RSA", "n": "AQAB", "e": "AQABAQAB", "kid": "long-exponent"},
		map[string]any{"kty": "EC", "crv": "P-521", "x": "AQAB", "y": "AQAB", "kid": "other-curve"},
		offCurve,
		"not an object",
		nil,
	}})
	keys, err := parseKeySet(data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range keys {
		got = append(got, k.kid+"/"+k.alg)
	}
	if strings.Join(got, " ") != "provider/ /ES256" {
		t.Fatalf("got %q", got)
	}
}

func TestClaimsTravelInTheContext(t *testing.T) {
	if _, ok := ClaimsFrom(context.Background()); ok {
		t.Fatal("claims in an empty context")
	}
	claims, ok := ClaimsFrom(WithClaims(context.Background(), Claims{"sub": "client-1"}))
	if !ok || claims["sub"] != "client-1" {
		t.Fatalf("got %v", claims)
	}
}
