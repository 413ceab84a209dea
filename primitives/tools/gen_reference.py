#!/usr/bin/env python3
"""Generates primitives/tests/data/black_scholes_reference.csv: Black-Scholes price and Greeks
at 50 significant digits (mpmath), the reference that tests/reference.rs checks the fixed-point
code against.

Columns: kind,S,K,T,sigma,r (exact decimals, as the Rust code reads them), then price, delta,
gamma, vega, theta, rho and forward = S - K e^(-rT), each as an integer in units of 1e-28
(exact to 0.5e-28, far below the 1e-18 of the outputs under test).

Run: python3 primitives/tools/gen_reference.py > primitives/tests/data/black_scholes_reference.csv
Needs: mpmath (pip install mpmath).
"""
import itertools
import sys
import mpmath as mp

mp.mp.dps = 50
SCALE = mp.mpf(10) ** 28

RATIOS = ["0.01", "0.1", "0.5", "0.8", "0.95", "1", "1.05", "1.25", "2", "10", "100"]
TIMES = ["0.000001", "0.0001", "0.01", "0.1", "0.5", "1", "2", "5"]
VOLS = ["0.01", "0.05", "0.2", "0.5", "1", "2", "5"]
RATES = ["0", "0.05"]


def N(x):
    return mp.erfc(-x / mp.sqrt(2)) / 2


def phi(x):
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def greeks(kind, S, K, T, v, r):
    sq = mp.sqrt(T)
    d1 = (mp.log(S / K) + (r + v * v / 2) * T) / (v * sq)
    d2 = d1 - v * sq
    D = mp.exp(-r * T)
    gamma = phi(d1) / (S * v * sq)
    vega = S * phi(d1) * sq
    decay = -S * phi(d1) * v / (2 * sq)
    if kind == "call":
        price = S * N(d1) - K * D * N(d2)
        delta = N(d1)
        theta = decay - r * K * D * N(d2)
        rho = K * T * D * N(d2)
    else:
        price = K * D * N(-d2) - S * N(-d1)
        delta = N(d1) - 1
        theta = decay + r * K * D * N(-d2)
        rho = -K * T * D * N(-d2)
    return [price, delta, gamma, vega, theta, rho, S - K * D]


def rows():
    for S, ratios, vols in [
        ("100", RATIOS, VOLS),
        ("1", ["0.5", "1", "2"], ["0.2", "1"]),
        ("65000", ["0.5", "1", "2"], ["0.2", "1"]),
    ]:
        for kind, ratio, T, v, r in itertools.product(["call", "put"], ratios, TIMES, vols, RATES):
            K = str(mp.mpf(S) * mp.mpf(ratio))
            K = K.rstrip("0").rstrip(".") if "." in K else K
            yield kind, S, K, T, v, r


def main():
    out = sys.stdout
    out.write("kind,S,K,T,sigma,r,price,delta,gamma,vega,theta,rho,forward\n")
    for kind, S, K, T, v, r in rows():
        vals = greeks(kind, *(mp.mpf(x) for x in (S, K, T, v, r)))
        ints = [str(int(mp.nint(x * SCALE))) for x in vals]
        out.write(",".join([kind, S, K, T, v, r] + ints) + "\n")


main()
