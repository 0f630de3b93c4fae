;; WebAssembly SIMD kernels: the fused biased-MF trainer's batch and Adam loops
;; (main/engine/fused-mf.ts, embedding-table.ts) and the row dot products of scoring and cosine
;; search (main/engine/row-dot.ts); the plain TypeScript loops there are the reference. Pointers are byte offsets into the imported memory; vectors are
;; f32 rows of `k` values (k a multiple of 4), biases f32, indices i32.
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
)
