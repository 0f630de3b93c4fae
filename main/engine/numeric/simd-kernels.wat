;; WebAssembly SIMD kernels: the fused biased-MF trainer's batch and Adam loops
;; (main/engine/fused-mf.ts, embedding-table.ts), the row dot products of scoring and cosine
;; search (main/engine/row-dot.ts), the f64 block product of the SPD inverse
;; (main/engine/numeric/spd-inverse.ts), the ALS normal equations (models/recency-als.ts),
;; the weighted row sums of primal EASE scoring (ease-primal.ts) and the f32 matrix product of
;; the typed-array networks (main/engine/numeric/gemm.ts) with their layer norm, causal softmax
;; and dropout masks (vector-kernels.ts); the plain TypeScript loops there are the reference.
;; Pointers are byte offsets into the imported memory; vectors are f32 rows of `k` values (k a
;; multiple of 4), biases f32, indices i32, except where a kernel says f64.
;; Regenerate the embedded bytes with `node main/build/build-wasm-kernels.mjs`.
(module
  (import "env" "memory" (memory 1))

  ;; Forward + backward of n examples (user U[e], item I[e], rating R[e]): adds
  ;; scale*err*q + l2s*p to PG[u], scale*err*p + l2s*q to QG[i], scale*err + l2s*b to the bias
  ;; gradients, where err = mu + bu + bi + p.q - r. Returns the summed squared error.
  (func (export "accumulate")
    (param $P i32) (param $Q i32) (param $PG i32) (param $QG i32)
    (param $BU i32) (param $BI i32) (param $BUG i32) (param $BIG i32)
    (param $U i32) (param $I i32) (param $R i32) (param $n i32) (param $k i32)
    (param $mu f32) (param $scale f32) (param $l2s f32)
    (result f64)
    (local $e i32) (local $rowBytes i32) (local $po i32) (local $qo i32) (local $pgo i32)
    (local $qgo i32) (local $c i32) (local $ub i32) (local $ib i32)
    (local $acc v128) (local $p v128) (local $q v128) (local $g4 v128) (local $r4 v128)
    (local $err f32) (local $g f32) (local $sse f64)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $r4 (f32x4.splat (local.get $l2s)))
    (block $done
      (loop $examples
        (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
        (local.set $ub (i32.shl (i32.load (i32.add (local.get $U) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 2)))
        (local.set $ib (i32.shl (i32.load (i32.add (local.get $I) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 2)))
        (local.set $po (i32.add (local.get $P) (i32.mul (local.get $ub) (local.get $k))))
        (local.set $qo (i32.add (local.get $Q) (i32.mul (local.get $ib) (local.get $k))))
        ;; dot product, four lanes
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $c (i32.const 0))
        (block $dotDone
          (loop $dot
            (br_if $dotDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.mul (v128.load (i32.add (local.get $po) (local.get $c)))
                         (v128.load (i32.add (local.get $qo) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $dot)))
        (local.set $err (f32.sub
          (f32.add
            (f32.add (local.get $mu)
              (f32.add (f32.load (i32.add (local.get $BU) (local.get $ub)))
                       (f32.load (i32.add (local.get $BI) (local.get $ib)))))
            (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
              (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
          (f32.load (i32.add (local.get $R) (i32.shl (local.get $e) (i32.const 2))))))
        (local.set $sse (f64.add (local.get $sse)
          (f64.mul (f64.promote_f32 (local.get $err)) (f64.promote_f32 (local.get $err)))))
        (local.set $g (f32.mul (local.get $scale) (local.get $err)))
        (local.set $g4 (f32x4.splat (local.get $g)))
        ;; row gradients
        (local.set $pgo (i32.add (local.get $PG) (i32.mul (local.get $ub) (local.get $k))))
        (local.set $qgo (i32.add (local.get $QG) (i32.mul (local.get $ib) (local.get $k))))
        (local.set $c (i32.const 0))
        (block $gradDone
          (loop $grad
            (br_if $gradDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (local.set $p (v128.load (i32.add (local.get $po) (local.get $c))))
            (local.set $q (v128.load (i32.add (local.get $qo) (local.get $c))))
            (v128.store (i32.add (local.get $pgo) (local.get $c))
              (f32x4.add (v128.load (i32.add (local.get $pgo) (local.get $c)))
                (f32x4.add (f32x4.mul (local.get $g4) (local.get $q))
                           (f32x4.mul (local.get $r4) (local.get $p)))))
            (v128.store (i32.add (local.get $qgo) (local.get $c))
              (f32x4.add (v128.load (i32.add (local.get $qgo) (local.get $c)))
                (f32x4.add (f32x4.mul (local.get $g4) (local.get $p))
                           (f32x4.mul (local.get $r4) (local.get $q)))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $grad)))
        ;; bias gradients
        (f32.store (i32.add (local.get $BUG) (local.get $ub))
          (f32.add (f32.load (i32.add (local.get $BUG) (local.get $ub)))
            (f32.add (local.get $g)
              (f32.mul (local.get $l2s) (f32.load (i32.add (local.get $BU) (local.get $ub)))))))
        (f32.store (i32.add (local.get $BIG) (local.get $ib))
          (f32.add (f32.load (i32.add (local.get $BIG) (local.get $ib)))
            (f32.add (local.get $g)
              (f32.mul (local.get $l2s) (f32.load (i32.add (local.get $BI) (local.get $ib)))))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $examples)))
    (local.get $sse))

  ;; Adam on the rows listed in ROWS[0..nRows) of a table with d values per row (W weights,
  ;; G gradients, cleared here, M and V moments): m = b1 m + (1-b1) g, v = b2 v + (1-b2) g²,
  ;; w -= step * m / (sqrt(v) + epsHat), with the bias correction folded into step and epsHat.
  (func (export "adam")
    (param $W i32) (param $G i32) (param $M i32) (param $V i32)
    (param $ROWS i32) (param $nRows i32) (param $d i32)
    (param $b1 f32) (param $b2 f32) (param $step f32) (param $epsHat f32)
    (local $t i32) (local $o i32) (local $end i32) (local $vecEnd i32) (local $rowBytes i32)
    (local $g v128) (local $m v128) (local $v v128)
    (local $b14 v128) (local $a14 v128) (local $b24 v128) (local $a24 v128)
    (local $step4 v128) (local $eps4 v128)
    (local $gs f32) (local $ms f32) (local $vs f32) (local $a1 f32) (local $a2 f32)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $a1 (f32.sub (f32.const 1) (local.get $b1)))
    (local.set $a2 (f32.sub (f32.const 1) (local.get $b2)))
    (local.set $b14 (f32x4.splat (local.get $b1)))
    (local.set $a14 (f32x4.splat (local.get $a1)))
    (local.set $b24 (f32x4.splat (local.get $b2)))
    (local.set $a24 (f32x4.splat (local.get $a2)))
    (local.set $step4 (f32x4.splat (local.get $step)))
    (local.set $eps4 (f32x4.splat (local.get $epsHat)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $t) (local.get $nRows)))
        (local.set $o (i32.mul
          (i32.load (i32.add (local.get $ROWS) (i32.shl (local.get $t) (i32.const 2))))
          (local.get $rowBytes)))
        (local.set $end (i32.add (local.get $o) (local.get $rowBytes)))
        (local.set $vecEnd (i32.add (local.get $o) (i32.and (local.get $rowBytes) (i32.const -16))))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $o) (local.get $vecEnd)))
            (local.set $g (v128.load (i32.add (local.get $G) (local.get $o))))
            (v128.store (i32.add (local.get $G) (local.get $o)) (v128.const i64x2 0 0))
            (local.set $m (f32x4.add
              (f32x4.mul (local.get $b14) (v128.load (i32.add (local.get $M) (local.get $o))))
              (f32x4.mul (local.get $a14) (local.get $g))))
            (local.set $v (f32x4.add
              (f32x4.mul (local.get $b24) (v128.load (i32.add (local.get $V) (local.get $o))))
              (f32x4.mul (local.get $a24) (f32x4.mul (local.get $g) (local.get $g)))))
            (v128.store (i32.add (local.get $M) (local.get $o)) (local.get $m))
            (v128.store (i32.add (local.get $V) (local.get $o)) (local.get $v))
            (v128.store (i32.add (local.get $W) (local.get $o))
              (f32x4.sub (v128.load (i32.add (local.get $W) (local.get $o)))
                (f32x4.div (f32x4.mul (local.get $step4) (local.get $m))
                           (f32x4.add (f32x4.sqrt (local.get $v)) (local.get $eps4)))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
            (local.set $gs (f32.load (i32.add (local.get $G) (local.get $o))))
            (f32.store (i32.add (local.get $G) (local.get $o)) (f32.const 0))
            (local.set $ms (f32.add
              (f32.mul (local.get $b1) (f32.load (i32.add (local.get $M) (local.get $o))))
              (f32.mul (local.get $a1) (local.get $gs))))
            (local.set $vs (f32.add
              (f32.mul (local.get $b2) (f32.load (i32.add (local.get $V) (local.get $o))))
              (f32.mul (local.get $a2) (f32.mul (local.get $gs) (local.get $gs)))))
            (f32.store (i32.add (local.get $M) (local.get $o)) (local.get $ms))
            (f32.store (i32.add (local.get $V) (local.get $o)) (local.get $vs))
            (f32.store (i32.add (local.get $W) (local.get $o))
              (f32.sub (f32.load (i32.add (local.get $W) (local.get $o)))
                (f32.div (f32.mul (local.get $step) (local.get $ms))
                         (f32.add (f32.sqrt (local.get $vs)) (local.get $epsHat)))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $tail)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows))))
;; OUT[r] = M[r,:] . V for r < rows (M row-major, d values per row, d a multiple of 4).
  (func (export "rowDot")
    (param $M i32) (param $rows i32) (param $d i32) (param $V i32) (param $OUT i32)
    (local $rowBytes i32) (local $o i32) (local $c i32) (local $end i32) (local $acc v128)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $o (local.get $M))
    (local.set $end (i32.add (local.get $OUT) (i32.shl (local.get $rows) (i32.const 2))))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $OUT) (local.get $end)))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $c (i32.const 0))
        (block $dotDone
          (loop $dot
            (br_if $dotDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.mul (v128.load (i32.add (local.get $o) (local.get $c)))
                         (v128.load (i32.add (local.get $V) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $dot)))
        (f32.store (local.get $OUT)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
        (local.set $OUT (i32.add (local.get $OUT) (i32.const 4)))
        (br $rowLoop))))

  ;; C[i,j] += alpha * (A[i,:k] . B[j,:k]) for i < m, j < n: f64, row-major, leading dimensions
  ;; in values; m a multiple of 4, n and k multiples of 2. Four rows of A against two of B at a
  ;; time, so each loaded pair of values feeds four or two products.
  (func (export "gemmNT")
    (param $C i32) (param $ldc i32) (param $A i32) (param $lda i32) (param $B i32) (param $ldb i32)
    (param $m i32) (param $n i32) (param $k i32) (param $alpha f64)
    (local $i i32) (local $j i32) (local $o i32) (local $kb i32)
    (local $ldaB i32) (local $ldbB i32) (local $ldcB i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $b0 i32) (local $b1 i32)
    (local $c i32)
    (local $va0 v128) (local $va1 v128) (local $va2 v128) (local $va3 v128)
    (local $vb0 v128) (local $vb1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $ldaB (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $ldbB (i32.shl (local.get $ldb) (i32.const 3)))
    (local.set $ldcB (i32.shl (local.get $ldc) (i32.const 3)))
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $a0 (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $ldaB))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $ldaB)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $ldaB)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $ldaB)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $b0 (i32.add (local.get $B) (i32.mul (local.get $j) (local.get $ldbB))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $ldbB)))
            (local.set $c00 (v128.const i64x2 0 0))
            (local.set $c01 (v128.const i64x2 0 0))
            (local.set $c10 (v128.const i64x2 0 0))
            (local.set $c11 (v128.const i64x2 0 0))
            (local.set $c20 (v128.const i64x2 0 0))
            (local.set $c21 (v128.const i64x2 0 0))
            (local.set $c30 (v128.const i64x2 0 0))
            (local.set $c31 (v128.const i64x2 0 0))
            (local.set $o (i32.const 0))
            (block $dotDone
              (loop $dot
                (br_if $dotDone (i32.ge_u (local.get $o) (local.get $kb)))
                (local.set $va0 (v128.load (i32.add (local.get $a0) (local.get $o))))
                (local.set $va1 (v128.load (i32.add (local.get $a1) (local.get $o))))
                (local.set $va2 (v128.load (i32.add (local.get $a2) (local.get $o))))
                (local.set $va3 (v128.load (i32.add (local.get $a3) (local.get $o))))
                (local.set $vb0 (v128.load (i32.add (local.get $b0) (local.get $o))))
                (local.set $vb1 (v128.load (i32.add (local.get $b1) (local.get $o))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $va0) (local.get $vb0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $va0) (local.get $vb1))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $va1) (local.get $vb0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $va1) (local.get $vb1))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $va2) (local.get $vb0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $va2) (local.get $vb1))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $va3) (local.get $vb0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $va3) (local.get $vb1))))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $dot)))
            (local.set $c (i32.add (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $ldcB)))
              (i32.shl (local.get $j) (i32.const 3))))
            (f64.store offset=0 (local.get $c)
              (f64.add (f64.load offset=0 (local.get $c))
                (f64.mul (local.get $alpha)
                  (f64.add (f64x2.extract_lane 0 (local.get $c00)) (f64x2.extract_lane 1 (local.get $c00))))))
            (f64.store offset=8 (local.get $c)
              (f64.add (f64.load offset=8 (local.get $c))
                (f64.mul (local.get $alpha)
                  (f64.add (f64x2.extract_lane 0 (local.get $c01)) (f64x2.extract_lane 1 (local.get $c01))))))
            (local.set $c (i32.add (local.get $c) (local.get $ldcB)))
            (f64.store offset=0 (local.get $c)
              (f64.add (f64.load offset=0 (local.get $c))
                (f64.mul (local.get $alpha)
                  (f64.add (f64x2.extract_lane 0 (local.get $c10)) (f64x2.extract_lane 1 (local.get $c10))))))
            (f64.store offset=8 (local.get $c)
              (f64.add (f64.load offset=8 (local.get $c))
                (f64.mul (local.get $alpha)
                  (f64.add (f64x2.extract_lane 0 (local.get $c11)) (f64x2.extract_lane 1 (local.get $c11))))))
            (local.set $c (i32.add (local.get $c) (local.get $ldcB)))
            (f64.store offset=0 (local.get $c)
              (f64.add (f64.load offset=0 (local.get $c))
                (f64.mul (local.get $alpha)
                  (f64.add (f64x2.extract_lane 0 (local.get $c20)) (f64x2.extract_lane 1 (local.get $c20))))))
            (f64.store offset=8 (local.get $c)
              (f64.add (f64.load offset=8 (local.get $c))
                (f64.mul (local.get $alpha)
                  (f64.add (f64x2.extract_lane 0 (local.get $c21)) (f64x2.extract_lane 1 (local.get $c21))))))
            (local.set $c (i32.add (local.get $c) (local.get $ldcB)))
            (f64.store offset=0 (local.get $c)
              (f64.add (f64.load offset=0 (local.get $c))
                (f64.mul (local.get $alpha)
                  (f64.add (f64x2.extract_lane 0 (local.get $c30)) (f64x2.extract_lane 1 (local.get $c30))))))
            (f64.store offset=8 (local.get $c)
              (f64.add (f64.load offset=8 (local.get $c))
                (f64.mul (local.get $alpha)
                  (f64.add (f64x2.extract_lane 0 (local.get $c31)) (f64x2.extract_lane 1 (local.get $c31))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows))))

  ;; The normal equations of a weighted least-squares fit (main/engine/models/recency-als.ts),
  ;; f64: example e is x = [V[IDX[e],:dim] (f32 rows of dim values), 1], weight W[e], target
  ;; Y[e]; for each r < d = dim + 1: B[r] += (W[e]·x[r])·Y[e] and A[r,c] += (W[e]·x[r])·x[c] for
  ;; c <= r (A rows of dp = d rounded up to even values; the pair holding c = r + 1 is updated
  ;; too and must be ignored). Examples go in blocks of 64 rows widened to f64 in S (2·64·dp
  ;; values), four A pairs summed over the block in registers at a time; every value still sees
  ;; the same products in the same order as the plain loop, so the sums are identical.
  (func (export "weightedGram")
    (param $A i32) (param $B i32) (param $V i32) (param $dim i32) (param $IDX i32)
    (param $W i32) (param $Y i32) (param $n i32) (param $S i32)
    (local $d i32) (local $dp i32) (local $rowBytes i32) (local $wxBase i32)
    (local $e0 i32) (local $m i32) (local $e i32) (local $r i32) (local $c i32) (local $cEnd i32)
    (local $f i32) (local $src i32) (local $xrow i32) (local $wrow i32) (local $arow i32)
    (local $we f64) (local $acc v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $wx2 v128) (local $bs f64)
    (local.set $d (i32.add (local.get $dim) (i32.const 1)))
    (local.set $dp (i32.and (i32.add (local.get $d) (i32.const 1)) (i32.const -2)))
    (local.set $rowBytes (i32.shl (local.get $dp) (i32.const 3)))
    (local.set $wxBase (i32.add (local.get $S) (i32.mul (local.get $rowBytes) (i32.const 64))))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $e0) (local.get $n)))
        (local.set $m (i32.sub (local.get $n) (local.get $e0)))
        (if (i32.gt_u (local.get $m) (i32.const 64)) (then (local.set $m (i32.const 64))))
        ;; widen the block's rows; WX[e][r] = W[e]·x[r]
        (local.set $e (i32.const 0))
        (block $widenDone
          (loop $widen
            (br_if $widenDone (i32.ge_u (local.get $e) (local.get $m)))
            (local.set $src (i32.add (local.get $V) (i32.shl (i32.mul
              (i32.load (i32.add (local.get $IDX) (i32.shl (i32.add (local.get $e0) (local.get $e)) (i32.const 2))))
              (local.get $dim)) (i32.const 2))))
            (local.set $xrow (i32.add (local.get $S) (i32.mul (local.get $e) (local.get $rowBytes))))
            (local.set $wrow (i32.add (local.get $wxBase) (i32.mul (local.get $e) (local.get $rowBytes))))
            (local.set $we (f64.load (i32.add (local.get $W) (i32.shl (i32.add (local.get $e0) (local.get $e)) (i32.const 3)))))
            (local.set $f (i32.const 0))
            (block $rowDone
              (loop $row
                (br_if $rowDone (i32.ge_u (local.get $f) (local.get $dim)))
                (f64.store (i32.add (local.get $xrow) (i32.shl (local.get $f) (i32.const 3)))
                  (f64.promote_f32 (f32.load (i32.add (local.get $src) (i32.shl (local.get $f) (i32.const 2))))))
                (f64.store (i32.add (local.get $wrow) (i32.shl (local.get $f) (i32.const 3)))
                  (f64.mul (local.get $we)
                    (f64.load (i32.add (local.get $xrow) (i32.shl (local.get $f) (i32.const 3))))))
                (local.set $f (i32.add (local.get $f) (i32.const 1)))
                (br $row)))
            (f64.store (i32.add (local.get $xrow) (i32.shl (local.get $dim) (i32.const 3))) (f64.const 1))
            (f64.store (i32.add (local.get $wrow) (i32.shl (local.get $dim) (i32.const 3)))
              (f64.mul (local.get $we) (f64.const 1)))
            (if (i32.gt_u (local.get $dp) (local.get $d))
              (then (f64.store (i32.add (local.get $xrow) (i32.shl (local.get $d) (i32.const 3))) (f64.const 0))))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $widen)))
        ;; B[r] += WX[e][r]·Y[e], e in order
        (local.set $r (i32.const 0))
        (block $bDone
          (loop $bRows
            (br_if $bDone (i32.ge_u (local.get $r) (local.get $d)))
            (local.set $bs (f64.load (i32.add (local.get $B) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $e (i32.const 0))
            (block $beDone
              (loop $be
                (br_if $beDone (i32.ge_u (local.get $e) (local.get $m)))
                (local.set $bs (f64.add (local.get $bs)
                  (f64.mul
                    (f64.load (i32.add (i32.add (local.get $wxBase) (i32.mul (local.get $e) (local.get $rowBytes)))
                      (i32.shl (local.get $r) (i32.const 3))))
                    (f64.load (i32.add (local.get $Y) (i32.shl (i32.add (local.get $e0) (local.get $e)) (i32.const 3)))))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $be)))
            (f64.store (i32.add (local.get $B) (i32.shl (local.get $r) (i32.const 3))) (local.get $bs))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $bRows)))
        ;; A[r, c..c+1] += WX[e][r]·x[e][c..c+1], e in order, in a register
        (local.set $arow (local.get $A))
        (local.set $r (i32.const 0))
        (block $aDone
          (loop $aRows
            (br_if $aDone (i32.ge_u (local.get $r) (local.get $d)))
            (local.set $cEnd (i32.shl (i32.and (i32.add (local.get $r) (i32.const 2)) (i32.const -2))
              (i32.const 3)))
            (local.set $c (i32.const 0))
            ;; four pairs at a time: four independent sums keep the adder busy
            (block $quadsDone
              (loop $quads
                (br_if $quadsDone (i32.gt_u (i32.add (local.get $c) (i32.const 64)) (local.get $cEnd)))
                (local.set $acc (v128.load (i32.add (local.get $arow) (local.get $c))))
                (local.set $acc1 (v128.load offset=16 (i32.add (local.get $arow) (local.get $c))))
                (local.set $acc2 (v128.load offset=32 (i32.add (local.get $arow) (local.get $c))))
                (local.set $acc3 (v128.load offset=48 (i32.add (local.get $arow) (local.get $c))))
                (local.set $xrow (i32.add (local.get $S) (local.get $c)))
                (local.set $wrow (i32.add (local.get $wxBase) (i32.shl (local.get $r) (i32.const 3))))
                (local.set $e (i32.const 0))
                (block $qeDone
                  (loop $qes
                    (br_if $qeDone (i32.ge_u (local.get $e) (local.get $m)))
                    (local.set $wx2 (v128.load64_splat (local.get $wrow)))
                    (local.set $acc (f64x2.add (local.get $acc)
                      (f64x2.mul (local.get $wx2) (v128.load (local.get $xrow)))))
                    (local.set $acc1 (f64x2.add (local.get $acc1)
                      (f64x2.mul (local.get $wx2) (v128.load offset=16 (local.get $xrow)))))
                    (local.set $acc2 (f64x2.add (local.get $acc2)
                      (f64x2.mul (local.get $wx2) (v128.load offset=32 (local.get $xrow)))))
                    (local.set $acc3 (f64x2.add (local.get $acc3)
                      (f64x2.mul (local.get $wx2) (v128.load offset=48 (local.get $xrow)))))
                    (local.set $xrow (i32.add (local.get $xrow) (local.get $rowBytes)))
                    (local.set $wrow (i32.add (local.get $wrow) (local.get $rowBytes)))
                    (local.set $e (i32.add (local.get $e) (i32.const 1)))
                    (br $qes)))
                (v128.store (i32.add (local.get $arow) (local.get $c)) (local.get $acc))
                (v128.store offset=16 (i32.add (local.get $arow) (local.get $c)) (local.get $acc1))
                (v128.store offset=32 (i32.add (local.get $arow) (local.get $c)) (local.get $acc2))
                (v128.store offset=48 (i32.add (local.get $arow) (local.get $c)) (local.get $acc3))
                (local.set $c (i32.add (local.get $c) (i32.const 64)))
                (br $quads)))
            (block $colsDone
              (loop $cols
                (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cEnd)))
                (local.set $acc (v128.load (i32.add (local.get $arow) (local.get $c))))
                (local.set $xrow (i32.add (local.get $S) (local.get $c)))
                (local.set $wrow (i32.add (local.get $wxBase) (i32.shl (local.get $r) (i32.const 3))))
                (local.set $e (i32.const 0))
                (block $eDone
                  (loop $es
                    (br_if $eDone (i32.ge_u (local.get $e) (local.get $m)))
                    (local.set $acc (f64x2.add (local.get $acc)
                      (f64x2.mul (v128.load64_splat (local.get $wrow)) (v128.load (local.get $xrow)))))
                    (local.set $xrow (i32.add (local.get $xrow) (local.get $rowBytes)))
                    (local.set $wrow (i32.add (local.get $wrow) (local.get $rowBytes)))
                    (local.set $e (i32.add (local.get $e) (i32.const 1)))
                    (br $es)))
                (v128.store (i32.add (local.get $arow) (local.get $c)) (local.get $acc))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $cols)))
            (local.set $arow (i32.add (local.get $arow) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $aRows)))
        (local.set $e0 (i32.add (local.get $e0) (local.get $m)))
        (br $blocks))))

  ;; OUT[c] = sum over t < n of W[t]·M[IDX[t]·ld + c], for c < cols (f32; ld and cols multiples
  ;; of 4): the rows of a person's rated movies in EASE's B, weighted (ease-primal.ts).
  (func (export "weightedRowSum")
    (param $M i32) (param $ld i32) (param $IDX i32) (param $W i32) (param $n i32)
    (param $OUT i32) (param $cols i32)
    (local $t i32) (local $c i32) (local $end i32) (local $row i32) (local $w v128)
    (local.set $end (i32.shl (local.get $cols) (i32.const 2)))
    (block $zeroDone
      (loop $zero
        (br_if $zeroDone (i32.ge_u (local.get $c) (local.get $end)))
        (v128.store (i32.add (local.get $OUT) (local.get $c)) (v128.const i64x2 0 0))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $zero)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $t) (local.get $n)))
        (local.set $row (i32.add (local.get $M) (i32.shl (i32.mul
          (i32.load (i32.add (local.get $IDX) (i32.shl (local.get $t) (i32.const 2))))
          (local.get $ld)) (i32.const 2))))
        (local.set $w (v128.load32_splat (i32.add (local.get $W) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $end)))
            (v128.store (i32.add (local.get $OUT) (local.get $c))
              (f32x4.add (v128.load (i32.add (local.get $OUT) (local.get $c)))
                (f32x4.mul (local.get $w) (v128.load (i32.add (local.get $row) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $cols)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows))))

  ;; f32 matrix product (gemm.ts): C(i,j) = [C(i,j) +] sum over k of A(i,k)·B(k,j), for i < M and j < N (N a multiple of 4).
  ;; A(i,k) is the f32 at A + 4(i·ais + k·aks) (row-major A: ais = its row length, aks = 1; a
  ;; transposed A: ais = 1, aks = its row length), B(k,j) at B + 4(k·ldb + j), C(i,j) at
  ;; C + 4(i·ldc + j); acc = 0 overwrites C. Rows go in blocks of 4 (i0..i0+3), then one by one;
  ;; `tri` skips the work a causal (triangular) operand makes useless, per block: 1 = only columns
  ;; j < i0+4, rounded up to 4 (C's other columns keep what they held), 2 = only k < i0+4 (A(i,k)
  ;; must be 0 for k > i), 3 = only k >= i0 (A(i,k) must be 0 for k < i).
  (func (export "sgemm")
    (param $A i32) (param $ais i32) (param $aks i32) (param $B i32) (param $ldb i32)
    (param $C i32) (param $ldc i32) (param $M i32) (param $N i32) (param $K i32)
    (param $acc i32) (param $tri i32)
    (local $i i32) (local $n i32) (local $kLo i32) (local $kHi i32) (local $end i32)
    (local.set $ais (i32.shl (local.get $ais) (i32.const 2)))
    (local.set $aks (i32.shl (local.get $aks) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $M)))
        (local.set $end (i32.add (local.get $i) (i32.const 4)))
        (call $sgemmLimits (local.get $tri) (local.get $i) (local.get $end) (local.get $N) (local.get $K))
        (local.set $kHi) (local.set $kLo) (local.set $n)
        (call $sgemm4
          (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $ais))) (local.get $ais) (local.get $aks)
          (local.get $B) (local.get $ldb)
          (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $ldc))) (local.get $ldc)
          (local.get $n) (local.get $kLo) (local.get $kHi) (local.get $acc))
        (local.set $i (local.get $end))
        (br $blocks)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $M)))
        (local.set $end (i32.add (local.get $i) (i32.const 1)))
        (call $sgemmLimits (local.get $tri) (local.get $i) (local.get $end) (local.get $N) (local.get $K))
        (local.set $kHi) (local.set $kLo) (local.set $n)
        (call $sgemm1
          (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $ais))) (local.get $aks)
          (local.get $B) (local.get $ldb)
          (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $n) (local.get $kLo) (local.get $kHi) (local.get $acc))
        (local.set $i (local.get $end))
        (br $rows))))

  ;; The column count and k range of the row block [i, end) under `tri` (see gemm).
  (func $sgemmLimits (param $tri i32) (param $i i32) (param $end i32) (param $N i32) (param $K i32)
    (result i32 i32 i32)
    (local $n i32) (local $kLo i32) (local $kHi i32)
    (local.set $n (local.get $N))
    (local.set $kHi (local.get $K))
    (if (i32.eq (local.get $tri) (i32.const 1))
      (then (local.set $n (call $sgemmMin (local.get $N)
        (i32.and (i32.add (local.get $end) (i32.const 3)) (i32.const -4))))))
    (if (i32.eq (local.get $tri) (i32.const 2))
      (then (local.set $kHi (call $sgemmMin (local.get $K) (local.get $end)))))
    (if (i32.eq (local.get $tri) (i32.const 3))
      (then (local.set $kLo (call $sgemmMin (local.get $K) (local.get $i)))))
    (local.get $n) (local.get $kLo) (local.get $kHi))

  (func $sgemmMin (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.lt_s (local.get $a) (local.get $b))))

  ;; Four rows of C (at c, ldc bytes apart), columns [0, n), k in [kLo, kHi): 8 columns at a time
  ;; in 8 accumulators, then 4. a points at A(i0, 0); strides in bytes.
  (func $sgemm4
    (param $a i32) (param $ais i32) (param $aks i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32) (param $n i32) (param $kLo i32) (param $kHi i32) (param $acc i32)
    (local $j i32) (local $nb i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $k i32)
    (local $ais2 i32) (local $ais3 i32) (local $ldc2 i32) (local $ldc3 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $t v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $ais2 (i32.shl (local.get $ais) (i32.const 1)))
    (local.set $ais3 (i32.add (local.get $ais2) (local.get $ais)))
    (local.set $ldc2 (i32.shl (local.get $ldc) (i32.const 1)))
    (local.set $ldc3 (i32.add (local.get $ldc2) (local.get $ldc)))
    (local.set $a (i32.add (local.get $a) (i32.mul (local.get $kLo) (local.get $aks))))
    (local.set $b (i32.add (local.get $b) (i32.mul (local.get $kLo) (local.get $ldb))))
    (local.set $kHi (i32.sub (local.get $kHi) (local.get $kLo)))
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_s (i32.add (local.get $j) (i32.const 32)) (local.get $nb)))
        (local.set $pc (i32.add (local.get $c) (local.get $j)))
        (if (local.get $acc)
          (then
            (local.set $c00 (v128.load offset=0 (local.get $pc)))
            (local.set $c01 (v128.load offset=16 (local.get $pc)))
            (local.set $c10 (v128.load offset=0 (i32.add (local.get $pc) (local.get $ldc))))
            (local.set $c11 (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldc))))
            (local.set $c20 (v128.load offset=0 (i32.add (local.get $pc) (local.get $ldc2))))
            (local.set $c21 (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldc2))))
            (local.set $c30 (v128.load offset=0 (i32.add (local.get $pc) (local.get $ldc3))))
            (local.set $c31 (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldc3)))))
          (else
            (local.set $c00 (v128.const i64x2 0 0))
            (local.set $c01 (v128.const i64x2 0 0))
            (local.set $c10 (v128.const i64x2 0 0))
            (local.set $c11 (v128.const i64x2 0 0))
            (local.set $c20 (v128.const i64x2 0 0))
            (local.set $c21 (v128.const i64x2 0 0))
            (local.set $c30 (v128.const i64x2 0 0))
            (local.set $c31 (v128.const i64x2 0 0))))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (local.get $j)))
        (local.set $k (local.get $kHi))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.le_s (local.get $k) (i32.const 0)))
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $t (f32x4.splat (f32.load (local.get $pa))))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $t) (local.get $b0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $t) (local.get $b1))))
            (local.set $t (f32x4.splat (f32.load (i32.add (local.get $pa) (local.get $ais)))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $t) (local.get $b0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $t) (local.get $b1))))
            (local.set $t (f32x4.splat (f32.load (i32.add (local.get $pa) (local.get $ais2)))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $t) (local.get $b0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $t) (local.get $b1))))
            (local.set $t (f32x4.splat (f32.load (i32.add (local.get $pa) (local.get $ais3)))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $t) (local.get $b0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $t) (local.get $b1))))
            (local.set $pa (i32.add (local.get $pa) (local.get $aks)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $k (i32.sub (local.get $k) (i32.const 1)))
            (br $kLoop)))
        (v128.store offset=0 (local.get $pc) (local.get $c00))
        (v128.store offset=16 (local.get $pc) (local.get $c01))
        (v128.store offset=0 (i32.add (local.get $pc) (local.get $ldc)) (local.get $c10))
        (v128.store offset=16 (i32.add (local.get $pc) (local.get $ldc)) (local.get $c11))
        (v128.store offset=0 (i32.add (local.get $pc) (local.get $ldc2)) (local.get $c20))
        (v128.store offset=16 (i32.add (local.get $pc) (local.get $ldc2)) (local.get $c21))
        (v128.store offset=0 (i32.add (local.get $pc) (local.get $ldc3)) (local.get $c30))
        (v128.store offset=16 (i32.add (local.get $pc) (local.get $ldc3)) (local.get $c31))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $wide)))
    (if (i32.lt_s (local.get $j) (local.get $nb))
      (then
        (local.set $pc (i32.add (local.get $c) (local.get $j)))
        (if (local.get $acc)
          (then
            (local.set $c00 (v128.load (local.get $pc)))
            (local.set $c10 (v128.load (i32.add (local.get $pc) (local.get $ldc))))
            (local.set $c20 (v128.load (i32.add (local.get $pc) (local.get $ldc2))))
            (local.set $c30 (v128.load (i32.add (local.get $pc) (local.get $ldc3)))))
          (else
            (local.set $c00 (v128.const i64x2 0 0))
            (local.set $c10 (v128.const i64x2 0 0))
            (local.set $c20 (v128.const i64x2 0 0))
            (local.set $c30 (v128.const i64x2 0 0))))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (local.get $j)))
        (local.set $k (local.get $kHi))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.le_s (local.get $k) (i32.const 0)))
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $t (f32x4.splat (f32.load (local.get $pa))))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $t) (local.get $b0))))
            (local.set $t (f32x4.splat (f32.load (i32.add (local.get $pa) (local.get $ais)))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $t) (local.get $b0))))
            (local.set $t (f32x4.splat (f32.load (i32.add (local.get $pa) (local.get $ais2)))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $t) (local.get $b0))))
            (local.set $t (f32x4.splat (f32.load (i32.add (local.get $pa) (local.get $ais3)))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $t) (local.get $b0))))
            (local.set $pa (i32.add (local.get $pa) (local.get $aks)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $k (i32.sub (local.get $k) (i32.const 1)))
            (br $kLoop)))
        (v128.store (local.get $pc) (local.get $c00))
        (v128.store (i32.add (local.get $pc) (local.get $ldc)) (local.get $c10))
        (v128.store (i32.add (local.get $pc) (local.get $ldc2)) (local.get $c20))
        (v128.store (i32.add (local.get $pc) (local.get $ldc3)) (local.get $c30))
      )))

  ;; One row of C: as $sgemm4.
  (func $sgemm1
    (param $a i32) (param $aks i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $n i32) (param $kLo i32) (param $kHi i32) (param $acc i32)
    (local $j i32) (local $nb i32) (local $pa i32) (local $pb i32) (local $k i32)
    (local $c0 v128) (local $t v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $a (i32.add (local.get $a) (i32.mul (local.get $kLo) (local.get $aks))))
    (local.set $b (i32.add (local.get $b) (i32.mul (local.get $kLo) (local.get $ldb))))
    (local.set $kHi (i32.sub (local.get $kHi) (local.get $kLo)))
    (block $done
      (loop $cols
        (br_if $done (i32.ge_s (local.get $j) (local.get $nb)))
        (if (local.get $acc)
          (then
            (local.set $c0 (v128.load (i32.add (local.get $c) (local.get $j)))))
          (else
            (local.set $c0 (v128.const i64x2 0 0))))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (local.get $j)))
        (local.set $k (local.get $kHi))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.le_s (local.get $k) (i32.const 0)))
            (local.set $t (f32x4.splat (f32.load (local.get $pa))))
            (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $t) (v128.load (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $aks)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $k (i32.sub (local.get $k) (i32.const 1)))
            (br $kLoop)))
        (v128.store (i32.add (local.get $c) (local.get $j)) (local.get $c0))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols))))

  ;; Inverted-dropout masks (vector-kernels.ts): M[k] = 0 where a uniform u32 is below
  ;; `threshold` (compared unsigned), else `keep`, for k < n (n a multiple of 4). Element k draws
  ;; from xorshift32 stream k mod 4, whose states are the four u32 at S (advanced in place).
  (func (export "dropoutMask")
    (param $M i32) (param $n i32) (param $S i32) (param $threshold i32) (param $keep f32)
    (local $x v128) (local $th v128) (local $k4 v128) (local $end i32)
    (local.set $x (v128.load (local.get $S)))
    (local.set $th (i32x4.splat (local.get $threshold)))
    (local.set $k4 (f32x4.splat (local.get $keep)))
    (local.set $end (i32.add (local.get $M) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $M) (local.get $end)))
        (local.set $x (v128.xor (local.get $x) (i32x4.shl (local.get $x) (i32.const 13))))
        (local.set $x (v128.xor (local.get $x) (i32x4.shr_u (local.get $x) (i32.const 17))))
        (local.set $x (v128.xor (local.get $x) (i32x4.shl (local.get $x) (i32.const 5))))
        (v128.store (local.get $M)
          (v128.andnot (local.get $k4) (i32x4.lt_u (local.get $x) (local.get $th))))
        (local.set $M (i32.add (local.get $M) (i32.const 16)))
        (br $next)))
    (v128.store (local.get $S) (local.get $x)))

  ;; The sum of a vector's four lanes.
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; Layer norm of `rows` rows of d values (d a multiple of 4; vector-kernels.ts): XH = (X − mean)
  ;; / sqrt(var + eps), RS[r] = 1 / sqrt(var + eps), Y = G ∘ XH + B.
  (func (export "layerNorm")
    (param $X i32) (param $Y i32) (param $XH i32) (param $RS i32) (param $G i32) (param $B i32)
    (param $rows i32) (param $d i32) (param $eps f32)
    (local $r i32) (local $c i32) (local $db i32) (local $o i32) (local $acc v128) (local $t v128)
    (local $mean f32) (local $rstd f32) (local $m4 v128) (local $s4 v128)
    (local.set $db (i32.shl (local.get $d) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $o (i32.mul (local.get $r) (local.get $db)))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $c (i32.const 0))
        (block $sumDone
          (loop $sum
            (br_if $sumDone (i32.ge_u (local.get $c) (local.get $db)))
            (local.set $acc (f32x4.add (local.get $acc)
              (v128.load (i32.add (local.get $X) (i32.add (local.get $o) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $sum)))
        (local.set $mean (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (local.get $d))))
        (local.set $m4 (f32x4.splat (local.get $mean)))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $c (i32.const 0))
        (block $varDone
          (loop $var
            (br_if $varDone (i32.ge_u (local.get $c) (local.get $db)))
            (local.set $t (f32x4.sub
              (v128.load (i32.add (local.get $X) (i32.add (local.get $o) (local.get $c))))
              (local.get $m4)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $t) (local.get $t))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $var)))
        (local.set $rstd (f32.div (f32.const 1)
          (f32.sqrt (f32.add (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (local.get $d)))
                             (local.get $eps)))))
        (f32.store (i32.add (local.get $RS) (i32.shl (local.get $r) (i32.const 2))) (local.get $rstd))
        (local.set $s4 (f32x4.splat (local.get $rstd)))
        (local.set $c (i32.const 0))
        (block $outDone
          (loop $out
            (br_if $outDone (i32.ge_u (local.get $c) (local.get $db)))
            (local.set $t (f32x4.mul (local.get $s4) (f32x4.sub
              (v128.load (i32.add (local.get $X) (i32.add (local.get $o) (local.get $c))))
              (local.get $m4))))
            (v128.store (i32.add (local.get $XH) (i32.add (local.get $o) (local.get $c))) (local.get $t))
            (v128.store (i32.add (local.get $Y) (i32.add (local.get $o) (local.get $c)))
              (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $G) (local.get $c))) (local.get $t))
                         (v128.load (i32.add (local.get $B) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $out)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; Its backward: DG += DY ∘ XH and DB += DY summed over rows; with g = G ∘ DY,
  ;; DX = RS ∘ (g − mean(g) − XH ∘ mean(g ∘ XH)), added to DX when acc ≠ 0.
  (func (export "layerNormBack")
    (param $DY i32) (param $XH i32) (param $RS i32) (param $G i32) (param $DG i32) (param $DB i32)
    (param $DX i32) (param $rows i32) (param $d i32) (param $acc i32)
    (local $r i32) (local $c i32) (local $db i32) (local $o i32) (local $dy v128) (local $xh v128)
    (local $gg v128) (local $sg v128) (local $sgx v128) (local $mg v128) (local $mgx v128)
    (local $s4 v128) (local $dx v128) (local $inv f32)
    (local.set $db (i32.shl (local.get $d) (i32.const 2)))
    (local.set $inv (f32.div (f32.const 1) (f32.convert_i32_u (local.get $d))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $o (i32.mul (local.get $r) (local.get $db)))
        (local.set $sg (v128.const i64x2 0 0))
        (local.set $sgx (v128.const i64x2 0 0))
        (local.set $c (i32.const 0))
        (block $sumDone
          (loop $sum
            (br_if $sumDone (i32.ge_u (local.get $c) (local.get $db)))
            (local.set $dy (v128.load (i32.add (local.get $DY) (i32.add (local.get $o) (local.get $c)))))
            (local.set $xh (v128.load (i32.add (local.get $XH) (i32.add (local.get $o) (local.get $c)))))
            (v128.store (i32.add (local.get $DG) (local.get $c))
              (f32x4.add (v128.load (i32.add (local.get $DG) (local.get $c)))
                         (f32x4.mul (local.get $dy) (local.get $xh))))
            (v128.store (i32.add (local.get $DB) (local.get $c))
              (f32x4.add (v128.load (i32.add (local.get $DB) (local.get $c))) (local.get $dy)))
            (local.set $gg (f32x4.mul (local.get $dy) (v128.load (i32.add (local.get $G) (local.get $c)))))
            (local.set $sg (f32x4.add (local.get $sg) (local.get $gg)))
            (local.set $sgx (f32x4.add (local.get $sgx) (f32x4.mul (local.get $gg) (local.get $xh))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $sum)))
        (local.set $mg (f32x4.splat (f32.mul (call $hsum (local.get $sg)) (local.get $inv))))
        (local.set $mgx (f32x4.splat (f32.mul (call $hsum (local.get $sgx)) (local.get $inv))))
        (local.set $s4 (f32x4.splat (f32.load (i32.add (local.get $RS) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $c (i32.const 0))
        (block $outDone
          (loop $out
            (br_if $outDone (i32.ge_u (local.get $c) (local.get $db)))
            (local.set $dx (f32x4.mul (local.get $s4)
              (f32x4.sub
                (f32x4.sub
                  (f32x4.mul (v128.load (i32.add (local.get $DY) (i32.add (local.get $o) (local.get $c))))
                             (v128.load (i32.add (local.get $G) (local.get $c))))
                  (local.get $mg))
                (f32x4.mul (v128.load (i32.add (local.get $XH) (i32.add (local.get $o) (local.get $c))))
                           (local.get $mgx)))))
            (if (local.get $acc)
              (then (local.set $dx (f32x4.add (local.get $dx)
                (v128.load (i32.add (local.get $DX) (i32.add (local.get $o) (local.get $c))))))))
            (v128.store (i32.add (local.get $DX) (i32.add (local.get $o) (local.get $c))) (local.get $dx))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $out)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; e^x for four lanes (x ≤ 0 here; clamped below at −87): 2^n · p(r) with n = round(x·log2 e),
  ;; r = x − n·ln 2 (|r| ≤ ln2/2) and p the degree-6 Taylor polynomial (relative error < 2e-7).
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (local.get $x) (f32x4.splat (f32.const -87))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504)))))
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375))))
      (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
    (local.set $p (f32x4.splat (f32.const 0.0013888889)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.0083333333))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.041666667))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.16666667))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.5))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1))))
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127)))
                 (i32.const 23))))

  ;; Lanes j0..j0+3 that are ≤ i (all ones) or not (zero).
  (func $upTo (param $j0 i32) (param $i i32) (result v128)
    (i32x4.le_s
      (i32x4.add (i32x4.splat (local.get $j0)) (v128.const i32x4 0 1 2 3))
      (i32x4.splat (local.get $i))))

  ;; Causal softmax of a rows × cols score map (row stride ld; cols a multiple of 4 and ≥ rows,
  ;; vector-kernels.ts): row i becomes softmax(scale · P[i, 0..i]), zero in columns i < j < cols.
  ;; With dropout (drop ≠ 0), D = P ∘ M over the same entries, zero elsewhere.
  (func (export "causalSoftmax")
    (param $P i32) (param $M i32) (param $D i32) (param $drop i32) (param $rows i32) (param $cols i32)
    (param $ld i32) (param $scale f32)
    (local $i i32) (local $j i32) (local $o i32) (local $end i32) (local $rowEnd i32)
    (local $max v128) (local $sum v128) (local $v v128) (local $in v128) (local $mx f32)
    (local $inv v128) (local $s4 v128) (local $ninf v128)
    (local.set $ld (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $s4 (f32x4.splat (local.get $scale)))
    (local.set $ninf (f32x4.splat (f32.const -inf)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $o (i32.mul (local.get $i) (local.get $ld)))
        ;; bytes of the 4-column groups holding columns 0..i, and of the row's cols
        (local.set $end (i32.shl (i32.and (i32.add (local.get $i) (i32.const 4)) (i32.const -4)) (i32.const 2)))
        (local.set $rowEnd (i32.shl (local.get $cols) (i32.const 2)))
        (local.set $max (local.get $ninf))
        (local.set $j (i32.const 0))
        (block $maxDone
          (loop $maxLoop
            (br_if $maxDone (i32.ge_u (local.get $j) (local.get $end)))
            (local.set $in (call $upTo (i32.shr_u (local.get $j) (i32.const 2)) (local.get $i)))
            (local.set $max (f32x4.max (local.get $max)
              (v128.bitselect (v128.load (i32.add (local.get $P) (i32.add (local.get $o) (local.get $j))))
                              (local.get $ninf) (local.get $in))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $maxLoop)))
        (local.set $mx (f32.max
          (f32.max (f32x4.extract_lane 0 (local.get $max)) (f32x4.extract_lane 1 (local.get $max)))
          (f32.max (f32x4.extract_lane 2 (local.get $max)) (f32x4.extract_lane 3 (local.get $max)))))
        (local.set $max (f32x4.splat (local.get $mx)))
        (local.set $sum (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $expDone
          (loop $expLoop
            (br_if $expDone (i32.ge_u (local.get $j) (local.get $end)))
            (local.set $in (call $upTo (i32.shr_u (local.get $j) (i32.const 2)) (local.get $i)))
            (local.set $v (v128.and (local.get $in) (call $exp4 (f32x4.mul (local.get $s4)
              (f32x4.sub (v128.load (i32.add (local.get $P) (i32.add (local.get $o) (local.get $j))))
                         (local.get $max))))))
            (v128.store (i32.add (local.get $P) (i32.add (local.get $o) (local.get $j))) (local.get $v))
            (local.set $sum (f32x4.add (local.get $sum) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $expLoop)))
        (local.set $inv (f32x4.splat (f32.div (f32.const 1) (call $hsum (local.get $sum)))))
        (local.set $j (i32.const 0))
        (block $normDone
          (loop $normLoop
            (br_if $normDone (i32.ge_u (local.get $j) (local.get $rowEnd)))
            (if (i32.lt_u (local.get $j) (local.get $end))
              (then
                (local.set $v (f32x4.mul (local.get $inv)
                  (v128.load (i32.add (local.get $P) (i32.add (local.get $o) (local.get $j)))))))
              (else (local.set $v (v128.const i64x2 0 0))))
            (v128.store (i32.add (local.get $P) (i32.add (local.get $o) (local.get $j))) (local.get $v))
            (if (local.get $drop)
              (then
                (v128.store (i32.add (local.get $D) (i32.add (local.get $o) (local.get $j)))
                  (f32x4.mul (local.get $v)
                    (v128.load (i32.add (local.get $M) (i32.add (local.get $o) (local.get $j))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $normLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; Its backward (vector-kernels.ts): G holds dL/d(dropped) on entry (dL/dA without dropout); with
  ;; drop ≠ 0 it is first multiplied by M. Then row i becomes scale · P ∘ (G − Σ_j≤i G ∘ P), zero for
  ;; i < j < cols (P is the causal softmax, zero there).
  (func (export "causalSoftmaxBack")
    (param $G i32) (param $P i32) (param $M i32) (param $drop i32) (param $rows i32) (param $cols i32)
    (param $ld i32) (param $scale f32)
    (local $i i32) (local $j i32) (local $o i32) (local $end i32) (local $rowEnd i32)
    (local $g v128) (local $dot v128) (local $s4 v128) (local $p v128)
    (local.set $ld (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $s4 (f32x4.splat (local.get $scale)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $o (i32.mul (local.get $i) (local.get $ld)))
        (local.set $end (i32.shl (i32.and (i32.add (local.get $i) (i32.const 4)) (i32.const -4)) (i32.const 2)))
        (local.set $rowEnd (i32.shl (local.get $cols) (i32.const 2)))
        (local.set $dot (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $dotDone
          (loop $dotLoop
            (br_if $dotDone (i32.ge_u (local.get $j) (local.get $end)))
            (local.set $g (v128.load (i32.add (local.get $G) (i32.add (local.get $o) (local.get $j)))))
            (if (local.get $drop)
              (then
                (local.set $g (f32x4.mul (local.get $g)
                  (v128.load (i32.add (local.get $M) (i32.add (local.get $o) (local.get $j))))))
                (v128.store (i32.add (local.get $G) (i32.add (local.get $o) (local.get $j))) (local.get $g))))
            (local.set $dot (f32x4.add (local.get $dot) (f32x4.mul (local.get $g)
              (v128.load (i32.add (local.get $P) (i32.add (local.get $o) (local.get $j)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $dotLoop)))
        (local.set $dot (f32x4.splat (call $hsum (local.get $dot))))
        (local.set $j (i32.const 0))
        (block $outDone
          (loop $outLoop
            (br_if $outDone (i32.ge_u (local.get $j) (local.get $rowEnd)))
            (if (i32.lt_u (local.get $j) (local.get $end))
              (then
                (local.set $p (v128.load (i32.add (local.get $P) (i32.add (local.get $o) (local.get $j)))))
                (v128.store (i32.add (local.get $G) (i32.add (local.get $o) (local.get $j)))
                  (f32x4.mul (local.get $s4) (f32x4.mul (local.get $p)
                    (f32x4.sub (v128.load (i32.add (local.get $G) (i32.add (local.get $o) (local.get $j))))
                               (local.get $dot))))))
              (else
                (v128.store (i32.add (local.get $G) (i32.add (local.get $o) (local.get $j)))
                  (v128.const i64x2 0 0))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $outLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))
)
