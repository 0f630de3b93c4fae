#!/usr/bin/env python3
"""Seconds per training epoch, in PyTorch on CPU, of the SASRec network the default model trains
(main/engine/models/sasrec.ts with loss "softmax"): 2 causal self-attention blocks, 64-d, 1 head,
the latest 200 movies, dropout 0.2, Adam lr 1e-3 betas (0.9, 0.98), 128 users per batch in
length-bucketed batches, and the loss the softmax over each position's next movie and 256 movies
drawn uniformly without repetition for each sequence (a drawn movie equal to the next one is left
out of that position's softmax). The same network as ../shared/anchors/torch_sasrec_epoch.py
(written separately; only the loss differs), so the engine's softmax epoch has a yardstick too.
Needs python3-torch; run with /usr/bin/python3 (test/bench/torch-epoch-times.py times it).
Usage: torch_sasrec_softmax_epoch.py RATINGS_CSV [EPOCHS] [THREADS]   -> one JSON line."""
import csv, json, math, statistics, sys, time
import numpy as np, torch, torch.nn as nn

ratings_csv = sys.argv[1]
n_epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
if len(sys.argv) > 3:
    torch.set_num_threads(int(sys.argv[3]))
DIM, N_BLOCKS, N_HEADS, WINDOW, DROPOUT, USERS_PER_BATCH, LEARNING_RATE, NEGATIVES = 64, 2, 1, 200, 0.2, 128, 1e-3, 256

# chronological sequences (ties by movieId), each without its last movie (protocol B's test item)
per_user, index = {}, {}
with open(ratings_csv) as f:
    reader = csv.reader(f)
    next(reader)
    for user, movie, _rating, stamp in reader:
        per_user.setdefault(user, []).append((int(stamp), int(movie), index.setdefault(movie, len(index) + 1)))
sequences = [[entry[2] for entry in sorted(entries)][:-1] for entries in per_user.values()]
movie_count = len(index)


class AttentionBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm_in = nn.LayerNorm(DIM, eps=1e-8)
        self.attention = nn.MultiheadAttention(DIM, N_HEADS, dropout=DROPOUT, batch_first=True)
        self.norm_mid = nn.LayerNorm(DIM, eps=1e-8)
        self.feed = nn.Sequential(nn.Linear(DIM, DIM), nn.ReLU(), nn.Dropout(DROPOUT), nn.Linear(DIM, DIM), nn.Dropout(DROPOUT))

    def forward(self, x, future, keep):
        query = self.norm_in(x)
        attended, _ = self.attention(query, x, x, attn_mask=future, need_weights=False)
        x = self.norm_mid(query + attended)
        return (x + self.feed(x)) * keep


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.movies = nn.Embedding(movie_count + 1, DIM, padding_idx=0)
        self.positions = nn.Embedding(WINDOW, DIM)
        self.dropout = nn.Dropout(DROPOUT)
        self.stack = nn.ModuleList(AttentionBlock() for _ in range(N_BLOCKS))
        self.norm_out = nn.LayerNorm(DIM, eps=1e-8)
        for weight in self.parameters():
            if weight.dim() > 1:
                nn.init.xavier_normal_(weight)

    def forward(self, ids):
        length = ids.shape[1]
        keep = (ids > 0).unsqueeze(-1).float()
        x = self.movies(ids) * math.sqrt(DIM) + self.positions(torch.arange(WINDOW - length, WINDOW))[None]
        x = self.dropout(x) * keep
        future = torch.ones(length, length, dtype=torch.bool).triu(1)
        for block in self.stack:
            x = block(x, future, keep)
        return self.norm_out(x)


def right_aligned(rows, length):
    out = np.zeros((len(rows), length), dtype=np.int64)
    for k, row in enumerate(rows):
        row = row[-length:]
        out[k, length - len(row):] = row
    return out


torch.manual_seed(0)
draw = np.random.default_rng(0)
encoder = Encoder()
optimiser = torch.optim.Adam(encoder.parameters(), lr=LEARNING_RATE, betas=(0.9, 0.98))
inputs = [np.asarray(s[:-1][-WINDOW:]) for s in sequences]
targets = [np.asarray(s[1:][-WINDOW:]) for s in sequences]
lengths = np.array([len(x) for x in inputs])
trainable = np.flatnonzero(lengths > 0)
negatives = min(NEGATIVES, movie_count)
seconds, last_loss = [], 0.0
for _ in range(n_epochs):
    encoder.train()
    started = time.perf_counter()
    by_length = trainable[np.argsort(lengths[trainable] + draw.random(len(trainable)), kind="stable")]
    batches = [by_length[k:k + USERS_PER_BATCH] for k in range(0, len(by_length), USERS_PER_BATCH)]
    draw.shuffle(batches)
    loss_sum = positions = 0
    for batch in batches:
        length = int(lengths[batch].max())
        ids = torch.from_numpy(right_aligned([inputs[u] for u in batch], length))
        nexts = torch.from_numpy(right_aligned([targets[u] for u in batch], length))
        drawn = torch.from_numpy(np.stack([draw.choice(movie_count, negatives, replace=False) + 1 for _ in batch]))
        hidden = encoder(ids)
        positive = (hidden * encoder.movies(nexts)).sum(-1, keepdim=True)
        sampled = torch.einsum("btd,bkd->btk", hidden, encoder.movies(drawn))
        sampled = sampled.masked_fill(drawn[:, None, :] == nexts[:, :, None], float("-inf"))
        logits = torch.cat([positive, sampled], -1)
        real = nexts > 0
        per_position = torch.logsumexp(logits, -1) - logits[..., 0]
        loss = per_position[real].mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        loss_sum += float(loss) * int(real.sum())
        positions += int(real.sum())
    seconds.append(time.perf_counter() - started)
    last_loss = loss_sum / max(positions, 1)
print(json.dumps({"impl": "torch-cpu-sasrec-softmax", "threads": torch.get_num_threads(), "epochs": n_epochs,
                  "users": len(trainable), "items": movie_count, "negatives": negatives,
                  "s_per_epoch_median": statistics.median(seconds[1:] if len(seconds) > 1 else seconds),
                  "train_loss_last": last_loss}))
