using System.Numerics;

namespace SpikeSeg.Core.Network;

/// <summary>
/// The set of output positions a layer touched in a step, as a bitmap with a summary level (one bit per nonzero
/// word). Adding is a bit-or (a whole kernel row of positions at once), enumeration yields maximal runs of
/// consecutive positions in ascending order, and clearing visits only the nonzero words: every operation costs
/// in proportion to what was touched, not to the layer's size.
/// </summary>
public sealed class PositionSet
{
    private readonly ulong[] _words;
    private readonly ulong[] _summary;

    public PositionSet(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _words = new ulong[(capacity + 63) >> 6];
        _summary = new ulong[(_words.Length + 63) >> 6];
    }

    /// <summary>Positions are 0 ≤ p &lt; Capacity.</summary>
    public int Capacity { get; }

    public bool IsEmpty
    {
        get
        {
            foreach (ulong s in _summary)
            {
                if (s != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Number of positions in the set (counts bits of the nonzero words only).</summary>
    public int Count
    {
        get
        {
            int count = 0;
            var runs = Runs();
            while (runs.MoveNext())
            {
                count += runs.Length;
            }

            return count;
        }
    }

    public bool Contains(int position)
    {
        CheckPosition(position);
        return (_words[position >> 6] & (1UL << position)) != 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(int position)
    {
        CheckPosition(position);
        int w = position >> 6;
        _words[w] |= 1UL << position;
        _summary[w >> 6] |= 1UL << w;
    }

    /// <summary>
    /// <see cref="Add"/> for a caller that proved 0 ≤ <paramref name="position"/> &lt; <see cref="Capacity"/> (the
    /// binner, once per event: its cells are in range by construction, and the checks cost as much as the add).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void AddInRange(int position)
    {
        System.Diagnostics.Debug.Assert((uint)position < (uint)Capacity, "position out of range");
        int w = position >> 6;
        ref ulong words = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_words);
        ref ulong summary = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_summary);
        System.Runtime.CompilerServices.Unsafe.Add(ref words, w) |= 1UL << position;
        System.Runtime.CompilerServices.Unsafe.Add(ref summary, w >> 6) |= 1UL << w;
    }

    /// <summary>Adds positions <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public void AddRange(int first, int count)
    {
        if (count <= 0)
        {
            return;
        }

        if (first < 0 || first > Capacity - count)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, $"positions {first}..{first + count - 1} exceed the capacity {Capacity}.");
        }

        int end = first + count;
        while (first < end)
        {
            int w = first >> 6;
            int bit = first & 63;
            int take = Math.Min(64 - bit, end - first);
            ulong mask = take == 64 ? ulong.MaxValue : ((1UL << take) - 1) << bit;
            _words[w] |= mask;
            _summary[w >> 6] |= 1UL << w;
            first += take;
        }
    }

    /// <summary>Empties the set, visiting only nonzero words.</summary>
    public void Clear()
    {
        for (int s = 0; s < _summary.Length; s++)
        {
            ulong bits = _summary[s];
            while (bits != 0)
            {
                int w = (s << 6) + BitOperations.TrailingZeroCount(bits);
                _words[w] = 0;
                bits &= bits - 1;
            }

            _summary[s] = 0;
        }
    }

    /// <summary>Maximal runs of consecutive positions, ascending. The set must not change during enumeration.</summary>
    public RunEnumerator Runs() => new(_words, _summary);

    /// <summary>
    /// The nonzero 64-position words, ascending (bit b of word w is position 64·w + b): for sets of scattered
    /// single positions, walking bits is cheaper than cutting runs. The set must not change during enumeration.
    /// </summary>
    public WordEnumerator Words() => new(_words, _summary);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void CheckPosition(int position)
    {
        if ((uint)position >= (uint)Capacity)
        {
            ThrowOutOfRange(position);
        }
    }

    // Kept out of line so that the checks inline into the per-event loops without the throw's code.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOutOfRange(int position) =>
        throw new ArgumentOutOfRangeException(nameof(position), position, $"positions lie in [0, {Capacity}).");

    /// <summary>Walks the summary bits to the nonzero words and cuts each word into runs, joining runs across words.</summary>
    public ref struct RunEnumerator
    {
        private readonly ReadOnlySpan<ulong> _words;
        private readonly ReadOnlySpan<ulong> _summary;
        private int _summaryIndex;
        private ulong _summaryBits;
        private int _wordIndex;
        private ulong _wordBits;

        internal RunEnumerator(ReadOnlySpan<ulong> words, ReadOnlySpan<ulong> summary)
        {
            _words = words;
            _summary = summary;
            _summaryIndex = -1;
            _summaryBits = 0;
            _wordIndex = -1;
            _wordBits = 0;
            Start = 0;
            Length = 0;
        }

        /// <summary>First position of the current run.</summary>
        public int Start { get; private set; }

        /// <summary>Positions in the current run (≥ 1).</summary>
        public int Length { get; private set; }

        public bool MoveNext()
        {
            Length = 0;
            if (_wordBits == 0 && !NextWord())
            {
                return false;
            }

            int bit = BitOperations.TrailingZeroCount(_wordBits);
            Start = (_wordIndex << 6) + bit;
            int length = TakeRun(bit);
            // A run that reaches the end of its word continues into the next word while that word starts with a 1.
            while (bit + length == 64 && _wordIndex + 1 < _words.Length && (_words[_wordIndex + 1] & 1UL) != 0)
            {
                Length += length;
                AdvanceTo(_wordIndex + 1);
                bit = 0;
                length = TakeRun(0);
            }

            Length += length;
            return true;
        }

        /// <summary>Removes the run starting at <paramref name="bit"/> of the current word; returns its length.</summary>
        private int TakeRun(int bit)
        {
            ulong shifted = _wordBits >> bit;
            int length = ~shifted == 0 ? 64 - bit : BitOperations.TrailingZeroCount(~shifted);
            ulong mask = length == 64 ? ulong.MaxValue : ((1UL << length) - 1) << bit;
            _wordBits &= ~mask;
            return length;
        }

        private bool NextWord()
        {
            while (_summaryBits == 0)
            {
                if (++_summaryIndex >= _summary.Length)
                {
                    return false;
                }

                _summaryBits = _summary[_summaryIndex];
                // Words already consumed by a run that crossed into this summary word are skipped.
                if (_wordIndex >= 0)
                {
                    int consumedInThis = _wordIndex - (_summaryIndex << 6);
                    if (consumedInThis >= 0)
                    {
                        _summaryBits &= consumedInThis >= 63 ? 0 : ulong.MaxValue << (consumedInThis + 1);
                    }
                }
            }

            _wordIndex = (_summaryIndex << 6) + BitOperations.TrailingZeroCount(_summaryBits);
            _summaryBits &= _summaryBits - 1;
            _wordBits = _words[_wordIndex];
            return true;
        }

        /// <summary>Moves to word <paramref name="w"/> (the next one) and drops it from the pending summary bits.</summary>
        private void AdvanceTo(int w)
        {
            _wordIndex = w;
            _wordBits = _words[w];
            int s = w >> 6;
            if (s == _summaryIndex)
            {
                _summaryBits &= ~(1UL << w);
            }
        }
    }

    /// <summary>Walks the summary bits to the nonzero words.</summary>
    public ref struct WordEnumerator
    {
        private readonly ReadOnlySpan<ulong> _words;
        private readonly ReadOnlySpan<ulong> _summary;
        private int _summaryIndex;
        private ulong _summaryBits;

        internal WordEnumerator(ReadOnlySpan<ulong> words, ReadOnlySpan<ulong> summary)
        {
            _words = words;
            _summary = summary;
            _summaryIndex = -1;
            _summaryBits = 0;
            Index = -1;
            Bits = 0;
        }

        /// <summary>Index w of the current word: its positions are 64·w … 64·w + 63.</summary>
        public int Index { get; private set; }

        /// <summary>The current word (never 0).</summary>
        public ulong Bits { get; private set; }

        public bool MoveNext()
        {
            while (_summaryBits == 0)
            {
                if (++_summaryIndex >= _summary.Length)
                {
                    return false;
                }

                _summaryBits = _summary[_summaryIndex];
            }

            Index = (_summaryIndex << 6) + BitOperations.TrailingZeroCount(_summaryBits);
            _summaryBits &= _summaryBits - 1;
            Bits = _words[Index];
            return true;
        }
    }
}
