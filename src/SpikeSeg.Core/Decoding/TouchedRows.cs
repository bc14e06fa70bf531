using System.Numerics;
using System.Runtime.CompilerServices;

namespace SpikeSeg.Core.Decoding;

/// <summary>
/// Which pixels of an H×W map a scatter touched, as one bit per pixel in whole 64-bit words per row. A kernel row
/// marks a run of pixels with one or two word operations and learns which of them are new, so first-touch order
/// costs one append per pixel rather than a stamp test per pixel per scatter; rows in ascending order with bits
/// ascending enumerate the touched pixels sorted. Clearing visits only the rows between the first and last marked.
/// </summary>
public sealed class TouchedRows
{
    private ulong[] _words = [];

    public int Height { get; private set; }

    public int Width { get; private set; }

    public int WordsPerRow { get; private set; }

    /// <summary>First marked row (<see cref="Height"/> when nothing is marked).</summary>
    public int FirstRow { get; private set; }

    /// <summary>Last marked row (−1 when nothing is marked).</summary>
    public int LastRow { get; private set; } = -1;

    /// <summary>Smallest marked column (<see cref="Width"/> when nothing is marked).</summary>
    public int FirstColumn { get; private set; }

    /// <summary>Largest marked column (−1 when nothing is marked).</summary>
    public int LastColumn { get; private set; } = -1;

    /// <summary>Unmarks everything and takes the shape <paramref name="height"/>×<paramref name="width"/>.</summary>
    public void Reset(int height, int width)
    {
        if (height != Height || width != Width)
        {
            Height = height;
            Width = width;
            WordsPerRow = (width + 63) >> 6;
            _words = new ulong[height * WordsPerRow];
        }
        else if (LastRow >= FirstRow)
        {
            _words.AsSpan(FirstRow * WordsPerRow, (LastRow - FirstRow + 1) * WordsPerRow).Clear();
        }

        FirstRow = height;
        LastRow = -1;
        FirstColumn = width;
        LastColumn = -1;
    }

    /// <summary>The word of row <paramref name="y"/> holding columns 64·<paramref name="word"/> … 64·<paramref name="word"/> + 63.</summary>
    public ulong Word(int y, int word) => _words[(y * WordsPerRow) + word];

    /// <summary>
    /// Marks columns <paramref name="x0"/> … <paramref name="x0"/> + <paramref name="count"/> − 1 of row
    /// <paramref name="y"/> and appends the flat index (y·Width + x) of each pixel not marked before, in ascending x.
    /// The run must lie inside the map.
    /// </summary>
    public void MarkRun(int y, int x0, int count, int[] appendTo, ref int appended)
    {
        if ((uint)y >= (uint)Height || x0 < 0 || count <= 0 || x0 + count > Width)
        {
            throw new ArgumentOutOfRangeException(nameof(x0), $"touched rows: run ({y}, {x0}…{x0 + count - 1}) lies outside the {Height}×{Width} map.");
        }

        FirstRow = Math.Min(FirstRow, y);
        LastRow = Math.Max(LastRow, y);
        FirstColumn = Math.Min(FirstColumn, x0);
        LastColumn = Math.Max(LastColumn, x0 + count - 1);
        int rowBase = y * WordsPerRow;
        int x = x0;
        int end = x0 + count;
        while (x < end)
        {
            int word = x >> 6;
            int bit = x & 63;
            int take = Math.Min(64 - bit, end - x);
            ulong run = (take == 64 ? ulong.MaxValue : ((1UL << take) - 1)) << bit;
            ref ulong slot = ref _words[rowBase + word];
            ulong fresh = run & ~slot;
            slot |= run;
            int pixelBase = (y * Width) + (word << 6);
            while (fresh != 0)
            {
                appendTo[appended++] = pixelBase + BitOperations.TrailingZeroCount(fresh);
                fresh &= fresh - 1;
            }

            x += take;
        }
    }

    /// <summary>
    /// <see cref="MarkRun"/> for the same columns of <paramref name="rowCount"/> consecutive rows from
    /// <paramref name="y0"/> (one kernel footprint): the bounds and the column mask are worked out once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void MarkBlock(int y0, int rowCount, int x0, int count, int[] appendTo, ref int appended)
    {
        if ((uint)y0 >= (uint)Height || rowCount <= 0 || y0 + rowCount > Height || x0 < 0 || count <= 0 || x0 + count > Width)
        {
            throw new ArgumentOutOfRangeException(nameof(y0), $"touched rows: block ({y0}…{y0 + rowCount - 1}, {x0}…{x0 + count - 1}) lies outside the {Height}×{Width} map.");
        }

        int bit = x0 & 63;
        if (bit + count > 64)
        {
            for (int y = y0; y < y0 + rowCount; y++)
            {
                MarkRun(y, x0, count, appendTo, ref appended);
            }

            return;
        }

        FirstRow = Math.Min(FirstRow, y0);
        LastRow = Math.Max(LastRow, y0 + rowCount - 1);
        FirstColumn = Math.Min(FirstColumn, x0);
        LastColumn = Math.Max(LastColumn, x0 + count - 1);
        int word = x0 >> 6;
        ulong run = (count == 64 ? ulong.MaxValue : ((1UL << count) - 1)) << bit;
        var words = _words.AsSpan((y0 * WordsPerRow) + word, ((rowCount - 1) * WordsPerRow) + 1);
        for (int r = 0; r < rowCount; r++)
        {
            ref ulong slot = ref words[r * WordsPerRow];
            ulong fresh = run & ~slot;
            if (fresh == 0)
            {
                continue;
            }

            slot |= run;
            int pixelBase = ((y0 + r) * Width) + (word << 6);
            do
            {
                appendTo[appended++] = pixelBase + BitOperations.TrailingZeroCount(fresh);
                fresh &= fresh - 1;
            }
            while (fresh != 0);
        }
    }

    /// <summary><see cref="MarkBlock"/> for a caller that needs only the set, not the first-touch order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void MarkBlock(int y0, int rowCount, int x0, int count)
    {
        if ((uint)y0 >= (uint)Height || rowCount <= 0 || y0 + rowCount > Height || x0 < 0 || count <= 0 || x0 + count > Width)
        {
            throw new ArgumentOutOfRangeException(nameof(y0), $"touched rows: block ({y0}…{y0 + rowCount - 1}, {x0}…{x0 + count - 1}) lies outside the {Height}×{Width} map.");
        }

        FirstRow = Math.Min(FirstRow, y0);
        LastRow = Math.Max(LastRow, y0 + rowCount - 1);
        FirstColumn = Math.Min(FirstColumn, x0);
        LastColumn = Math.Max(LastColumn, x0 + count - 1);
        int x = x0;
        int end = x0 + count;
        if ((x0 & 63) + count <= 64)
        {
            // One word per row (a kernel row that does not cross a 64-pixel boundary).
            ulong single = (count == 64 ? ulong.MaxValue : ((1UL << count) - 1)) << (x0 & 63);
            ref ulong slot = ref _words[(y0 * WordsPerRow) + (x0 >> 6)];
            _ = _words[((y0 + rowCount - 1) * WordsPerRow) + (x0 >> 6)];
            for (int r = 0; r < rowCount; r++)
            {
                Unsafe.Add(ref slot, r * WordsPerRow) |= single;
            }

            return;
        }

        while (x < end)
        {
            int word = x >> 6;
            int bit = x & 63;
            int take = Math.Min(64 - bit, end - x);
            ulong run = (take == 64 ? ulong.MaxValue : ((1UL << take) - 1)) << bit;
            var words = _words.AsSpan((y0 * WordsPerRow) + word, ((rowCount - 1) * WordsPerRow) + 1);
            for (int r = 0; r < words.Length; r += WordsPerRow)
            {
                words[r] |= run;
            }

            x += take;
        }
    }

    /// <summary>Marks pixel (<paramref name="y"/>, <paramref name="x"/>); whether it was unmarked before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MarkPixel(int y, int x)
    {
        if ((uint)y >= (uint)Height || (uint)x >= (uint)Width)
        {
            throw new ArgumentOutOfRangeException(nameof(y), $"touched rows: pixel ({y}, {x}) lies outside the {Height}×{Width} map.");
        }

        ref ulong slot = ref _words[(y * WordsPerRow) + (x >> 6)];
        ulong bit = 1UL << (x & 63);
        if ((slot & bit) != 0)
        {
            return false;
        }

        slot |= bit;
        FirstRow = Math.Min(FirstRow, y);
        LastRow = Math.Max(LastRow, y);
        FirstColumn = Math.Min(FirstColumn, x);
        LastColumn = Math.Max(LastColumn, x);
        return true;
    }

    /// <summary>Appends every marked pixel's flat index in ascending order.</summary>
    public void AppendAscending(List<int> pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        for (int y = FirstRow; y <= LastRow; y++)
        {
            for (int w = 0; w < WordsPerRow; w++)
            {
                ulong bits = _words[(y * WordsPerRow) + w];
                int pixelBase = (y * Width) + (w << 6);
                while (bits != 0)
                {
                    pixels.Add(pixelBase + BitOperations.TrailingZeroCount(bits));
                    bits &= bits - 1;
                }
            }
        }
    }
}
