// Package auth checks JWT bearer tokens (RFC 7519) when the service is configured for it
// (clientAuth jwt: AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE, AUTH_JWT_JWKS_URL): the signature, with one
// of the identity provider's published keys under an allowed asymmetric algorithm, then the
// issuer, the audience and the validity period. Nothing about a token is logged.
package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	_ "crypto/sha256" // the hashes the algorithms use
	_ "crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"slices"
	"strings"
	"time"
)

// Leeway is the clock skew tolerated between the provider and the service.
const Leeway = 30 * time.Second

// minRSABits: shorter RSA keys are refused.
const minRSABits = 2048

// Refusal is why a request is refused, in words safe to send back (never the token or its claims).
type Refusal string

func (r Refusal) Error() string { return string(r) }

// The reasons a request is refused, as the other golden paths give them.
const (
	Required   Refusal = "a bearer token is required"
	UnknownKey Refusal = "the token's signing key is not the identity provider's"
	Invalid    Refusal = "the token is not valid for this service"
)

type algorithm struct {
	hash crypto.Hash
	// curve is the EC curve an ES* algorithm is defined on; nil for RS* and PS* (RSA keys).
	curve elliptic.Curve
	pss   bool
}

// Asymmetric algorithms only: a token "signed" with none, or with the public key as an HMAC
// secret (HS256), names an algorithm that is not here and is refused.
var algorithms = map[string]algorithm{
	"RS256": {hash: crypto.SHA256},
	"RS384": {hash: crypto.SHA384},
	"RS512": {hash: crypto.SHA512},
	"PS256": {hash: crypto.SHA256, pss: true},
	"ES256": {hash: crypto.SHA256, curve: elliptic.P256()},
	"ES384": {hash: crypto.SHA384, curve: elliptic.P384()},
}

// Claims are a valid token's claims.
type Claims map[string]any

// Verifier checks tokens against an issuer, an audience and the issuer's keys.
type Verifier struct {
	Issuer   string
	Audience string
	Keys     *KeySet
}

// Authenticate checks an Authorization header: the bearer token's claims, or a Refusal.
func (v *Verifier) Authenticate(authorization string) (Claims, error) {
	scheme, token, _ := strings.Cut(authorization, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "bearer") || token == "" {
		return nil, Required
	}
	return v.Verify(token)
}

// Verify returns the token's claims when it is valid for this service, a Refusal otherwise.
func (v *Verifier) Verify(token string) (Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, Invalid
	}
	var raw [3][]byte
	for i, part := range parts {
		decoded, err := base64.RawURLEncoding.DecodeString(part)
		if err != nil || len(decoded) == 0 {
			return nil, Invalid
		}
		raw[i] = decoded
	}
	var header struct {
		Alg  string          `json:"alg"`
		Kid  string          `json:"kid"`
		Crit json.RawMessage `json:"crit"` // extensions the token says must be understood: none are
	}
	if err := json.Unmarshal(raw[0], &header); err != nil || header.Crit != nil {
		return nil, Invalid
	}
	alg, ok := algorithms[header.Alg]
	if !ok {
		return nil, Invalid
	}
	keys := v.Keys.find(header.Kid)
	if len(keys) == 0 {
		return nil, UnknownKey
	}
	hash := alg.hash.New()
	hash.Write([]byte(parts[0] + "." + parts[1]))
	digest := hash.Sum(nil)
	signed := slices.ContainsFunc(keys, func(k signingKey) bool {
		return (k.alg == "" || k.alg == header.Alg) && alg.verify(k.public, digest, raw[2])
	})
	if !signed {
		return nil, Invalid
	}
	var claims Claims
	if err := json.Unmarshal(raw[1], &claims); err != nil || !v.acceptable(claims, v.Keys.Now()) {
		return nil, Invalid
	}
	return claims, nil
}

// verify says whether the signature is the key's over the digest; the key must be of the
// algorithm's type (the curve for ES*, an RSA key of at least 2048 bits for RS* and PS*).
func (a algorithm) verify(public crypto.PublicKey, digest, signature []byte) bool {
	switch key := public.(type) {
	case *rsa.PublicKey:
		if a.curve != nil || key.N.BitLen() < minRSABits {
			return false
		}
		if a.pss {
			return rsa.VerifyPSS(key, a.hash, digest, signature, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
		}
		return rsa.VerifyPKCS1v15(key, a.hash, digest, signature) == nil
	case *ecdsa.PublicKey:
		// r and s as JOSE writes them: two big-endian numbers of the curve's size, not DER.
		size := (key.Curve.Params().BitSize + 7) / 8
		if key.Curve != a.curve || len(signature) != 2*size {
			return false
		}
		r, s := new(big.Int).SetBytes(signature[:size]), new(big.Int).SetBytes(signature[size:])
		return ecdsa.Verify(key, digest, r, s)
	}
	return false
}

// acceptable: issued by the provider for this service, not expired, not before its time.
func (v *Verifier) acceptable(claims Claims, now time.Time) bool {
	at := float64(now.UnixMilli()) / 1000
	leeway := Leeway.Seconds()
	exp, ok := claims["exp"].(float64)
	if !ok || at >= exp+leeway {
		return false
	}
	if nbf, present := claims["nbf"]; present {
		if notBefore, ok := nbf.(float64); !ok || notBefore > at+leeway {
			return false
		}
	}
	if issuer, _ := claims["iss"].(string); issuer != v.Issuer {
		return false
	}
	switch aud := claims["aud"].(type) {
	case string:
		return aud == v.Audience
	case []any:
		return slices.Contains(aud, any(v.Audience))
	}
	return false
}

type claimsKey struct{}

// WithClaims returns a context that carries a request's token claims.
func WithClaims(ctx context.Context, claims Claims) context.Context {
	return context.WithValue(ctx, claimsKey{}, claims)
}

// ClaimsFrom returns the claims of the request's bearer token, when the service requires one.
func ClaimsFrom(ctx context.Context) (Claims, bool) {
	claims, ok := ctx.Value(claimsKey{}).(Claims)
	return claims, ok
}
