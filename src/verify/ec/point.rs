//! Points of the NIST curves (`y² = x³ − 3x + b` over GF(p)) in Jacobian coordinates, generic
//! over the field.
//!
//! `(X, Y, Z)` stands for the affine point `(X/Z², Y/Z³)`; `Z = 0` is the point at infinity.
//! The formulas are the usual short-Weierstrass ones for `a = −3`, as listed in the
//! Explicit-Formulas Database (Bernstein–Lange, <https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html>):
//! `dbl-2001-b` (3M + 5S), `add-1998-cmo-2` (12M + 4S, Cohen–Miyaji–Ono 1998) and
//! `madd-2004-hmv` (8M + 3S, Hankerson–Menezes–Vanstone 2004, with an affine second operand).
//!
//! These formulas are not complete: they are wrong for `P + P`, `P + (−P)` and infinity, so
//! [`Point::add`] and [`Point::add_affine`] test for those cases and branch (the data is
//! public; nothing here is constant-time). P-256, P-384 and P-521 have prime order and no point
//! of order 2, so doubling never meets `Y = 0` except at infinity.

use super::field::Field;

/// A point in affine coordinates, never the point at infinity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affine<F: Field> {
    /// x.
    pub x: F,
    /// y.
    pub y: F,
}

impl<F: Field> Affine<F> {
    /// `−self`.
    pub fn neg(&self) -> Affine<F> {
        Affine {
            x: self.x,
            y: self.y.neg(),
        }
    }
}

/// A point in Jacobian coordinates.
#[derive(Clone, Copy, Debug)]
pub struct Point<F: Field> {
    x: F,
    y: F,
    z: F,
}

impl<F: Field> From<Affine<F>> for Point<F> {
    fn from(a: Affine<F>) -> Point<F> {
        Point {
            x: a.x,
            y: a.y,
            z: F::ONE,
        }
    }
}

impl<F: Field> Point<F> {
    /// The point at infinity (the group's identity).
    pub const INFINITY: Point<F> = Point {
        x: F::ONE,
        y: F::ONE,
        z: F::ZERO,
    };

    /// True for the point at infinity.
    pub fn is_infinity(&self) -> bool {
        self.z.is_zero()
    }

    /// The Jacobian coordinates `(X, Y, Z)`.
    pub fn coordinates(&self) -> (F, F, F) {
        (self.x, self.y, self.z)
    }

    /// `−self`.
    pub fn neg(&self) -> Point<F> {
        Point {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }

    /// The affine form, `None` for infinity (one field inversion).
    pub fn to_affine(self) -> Option<Affine<F>> {
        if self.is_infinity() {
            return None;
        }
        let zinv = self.z.invert();
        let zinv2 = zinv.square();
        Some(Affine {
            x: self.x.mul(&zinv2),
            y: self.y.mul(&zinv2.mul(&zinv)),
        })
    }

    /// `2·self` (`dbl-2001-b`). Infinity stays infinity: `Z3 = 2·Y·Z = 0`.
    pub fn double(&self) -> Point<F> {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        // alpha = 3·(X − delta)·(X + delta), which is 3X² + a·Z⁴ for a = −3.
        let alpha = self.x.sub(&delta).mul(&self.x.add(&delta)).mul_small(3);
        let beta4 = beta.mul_small(4);
        let x3 = alpha.square().sub(&beta.mul_small(8));
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma2_8 = gamma.square().mul_small(8);
        let y3 = alpha.mul(&beta4.sub(&x3)).sub(&gamma2_8);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `self + rhs` (`add-1998-cmo-2`), with the exceptional cases handled.
    pub fn add(&self, rhs: &Point<F>) -> Point<F> {
        if self.is_infinity() {
            return *rhs;
        }
        if rhs.is_infinity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = rhs.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = rhs.x.mul(&z1z1);
        let s1 = self.y.mul(&rhs.z).mul(&z2z2);
        let s2 = rhs.y.mul(&self.z).mul(&z1z1);
        self.sum(&u1, &s1, &u2.sub(&u1), &s2.sub(&s1), &self.z.mul(&rhs.z))
    }

    /// `self + rhs` for an affine `rhs` (`madd-2004-hmv`), with the exceptional cases handled.
    #[inline(never)]
    pub fn add_affine(&self, rhs: &Affine<F>) -> Point<F> {
        if self.is_infinity() {
            return Point::from(*rhs);
        }
        let z1z1 = self.z.square();
        // h = x2·Z1² − X1 and r = y2·Z1³ − Y1, as in add-1998-cmo-2 with Z2 = 1.
        let h = rhs.x.mul(&z1z1).sub(&self.x);
        let r = rhs.y.mul(&z1z1.mul(&self.z)).sub(&self.y);
        self.sum(&self.x, &self.y, &h, &r, &self.z)
    }

    /// The common end of both additions, from `U1 = X1·Z2²`, `S1 = Y1·Z2³`, `H = U2 − U1`,
    /// `R = S2 − S1` and `Z1·Z2`. `H = 0` means the same x: the same point (double it) or
    /// opposite points (the sum is infinity).
    #[inline(always)]
    fn sum(&self, u1: &F, s1: &F, h: &F, r: &F, z1z2: &F) -> Point<F> {
        if h.is_zero() {
            return if r.is_zero() {
                self.double()
            } else {
                Point::INFINITY
            };
        }
        let hh = h.square();
        let hhh = h.mul(&hh);
        let v = u1.mul(&hh);
        let x3 = r.square().sub(&hhh).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&hhh));
        Point {
            x: x3,
            y: y3,
            z: z1z2.mul(h),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::curves::{NistCurve, NistP256, NistP384, NistP521};
    use super::super::mul::{generator, mul_add};
    use super::*;

    /// y² = x³ − 3x + b.
    fn on_curve<C: NistCurve>(a: &Affine<C::Fe>) -> bool {
        let b = C::Fe::from_be_bytes(&C::B_GX_GY[0][66 - C::BYTES..]).expect("b");
        let x3 = a.x.square().mul(&a.x);
        let three_x = a.x.double().add(&a.x);
        a.y.square() == x3.sub(&three_x).add(&b)
    }

    /// k·G for a small k, by repeated mixed addition.
    fn small_multiple<C: NistCurve>(k: u32) -> Point<C::Fe> {
        let g = generator::<C>();
        (0..k).fold(Point::INFINITY, |acc, _| acc.add_affine(&g))
    }

    fn generator_is_on_the_curve<C: NistCurve>() {
        assert!(on_curve::<C>(&generator::<C>()));
    }

    fn doubling_through_add<C: NistCurve>() {
        let g = generator::<C>();
        let p = small_multiple::<C>(5);
        let d = p.double().to_affine();
        assert_eq!(p.add(&p).to_affine(), d);
        assert_eq!(small_multiple::<C>(10).to_affine(), d);
        assert_eq!(
            Point::from(g).add_affine(&g).to_affine(),
            Point::from(g).double().to_affine()
        );
        // The same point with another Z: X·λ², Y·λ³, Z·λ.
        let l = C::Fe::ONE.mul_small(5);
        let (x, y, z) = p.coordinates();
        let scaled = Point {
            x: x.mul(&l.square()),
            y: y.mul(&l.square().mul(&l)),
            z: z.mul(&l),
        };
        assert_eq!(p.add(&scaled).to_affine(), d);
        assert!(on_curve::<C>(&d.expect("not infinity")));
        // addition is commutative and associative on a few multiples
        let (a, b) = (small_multiple::<C>(3), small_multiple::<C>(4));
        assert_eq!(a.add(&b).to_affine(), b.add(&a).to_affine());
        assert_eq!(a.add(&b).to_affine(), small_multiple::<C>(7).to_affine());
        assert_eq!(a.add(&b).add(&p).to_affine(), a.add(&b.add(&p)).to_affine());
    }

    fn opposite_points_sum_to_infinity<C: NistCurve>() {
        let g = generator::<C>();
        let p = small_multiple::<C>(7);
        assert!(p.add(&p.neg()).is_infinity());
        assert!(Point::from(g).add_affine(&g.neg()).is_infinity());
        let pa = p.to_affine().expect("not infinity");
        assert!(p.add_affine(&pa.neg()).is_infinity());
    }

    fn infinity_is_the_identity<C: NistCurve>() {
        let g = generator::<C>();
        let p = small_multiple::<C>(3);
        let inf = Point::<C::Fe>::INFINITY;
        assert!(inf.double().is_infinity());
        assert!(inf.add(&inf).is_infinity());
        assert_eq!(inf.add(&p).to_affine(), p.to_affine());
        assert_eq!(p.add(&inf).to_affine(), p.to_affine());
        assert_eq!(inf.add_affine(&g).to_affine(), Some(g));
        assert_eq!(inf.to_affine(), None);
    }

    fn scalars_one_and_n_minus_one<C: NistCurve>() {
        let len = C::BYTES;
        let g = generator::<C>();
        let mut one = vec![0u8; len];
        one[len - 1] = 1;
        let zero = vec![0u8; len];
        let n = C::N_BYTES[66 - len..].to_vec();
        let mut n_minus_1 = n.clone();
        n_minus_1[len - 1] -= 1;
        assert_eq!(mul_add::<C>(&one, &zero, &g).to_affine(), Some(g));
        assert_eq!(mul_add::<C>(&zero, &one, &g).to_affine(), Some(g));
        assert!(mul_add::<C>(&zero, &zero, &g).is_infinity());
        // (n − 1)·G = −G, so (n − 1)·G + 1·G = infinity, and (n − 1)·G + (n − 1)·G = −2G.
        assert_eq!(
            mul_add::<C>(&n_minus_1, &zero, &g).to_affine(),
            Some(g.neg())
        );
        assert!(mul_add::<C>(&n_minus_1, &one, &g).is_infinity());
        assert_eq!(
            mul_add::<C>(&n_minus_1, &n_minus_1, &g).to_affine(),
            small_multiple::<C>(2).neg().to_affine()
        );
        // n·G = infinity, through both tables.
        assert!(mul_add::<C>(&n, &zero, &g).is_infinity());
        assert!(mul_add::<C>(&zero, &n, &g).is_infinity());
    }

    fn all<C: NistCurve>() {
        generator_is_on_the_curve::<C>();
        doubling_through_add::<C>();
        opposite_points_sum_to_infinity::<C>();
        infinity_is_the_identity::<C>();
        scalars_one_and_n_minus_one::<C>();
    }

    #[test]
    fn p256_points() {
        all::<NistP256>();
    }

    #[test]
    fn p384_points() {
        all::<NistP384>();
    }

    #[test]
    fn p521_points() {
        all::<NistP521>();
    }
}
