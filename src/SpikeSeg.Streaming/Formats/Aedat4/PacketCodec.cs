using SpikeSeg.Streaming.Formats.Native;

namespace SpikeSeg.Streaming.Formats.Aedat4;

/// <summary>
/// Decompresses and compresses AEDAT 4 packet payloads (one LZ4 frame or Zstd frame per packet) into a
/// reused buffer. Output grows only as the codec actually produces bytes, up to <see cref="MaxPacketBytes"/>.
/// </summary>
public sealed unsafe class PacketCodec : IDisposable
{
    public const int MaxPacketBytes = 256 << 20;

    private const int Step = 64 << 10;

    private readonly Aedat4Compression _compression;
    private nint _lz4Context;
    private nint _zstdStream;
    private byte[] _output = new byte[Step * 4];

    public PacketCodec(Aedat4Compression compression)
    {
        _compression = compression;
    }

    /// <summary>Returns the decompressed payload; the span is valid until the next call. Failures are reported as <see cref="InvalidDataException"/> text.</summary>
    public ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> payload)
    {
        switch (_compression)
        {
            case Aedat4Compression.None:
                EnsureCapacity(payload.Length, 0);
                payload.CopyTo(_output);
                return _output.AsSpan(0, payload.Length);
            case Aedat4Compression.Lz4:
            case Aedat4Compression.Lz4High:
                return _output.AsSpan(0, DecompressLz4(payload));
            case Aedat4Compression.Zstd:
            case Aedat4Compression.ZstdHigh:
                return _output.AsSpan(0, DecompressZstd(payload));
            default:
                throw new InvalidDataException($"unknown compression {(int)_compression}");
        }
    }

    /// <summary>Compresses <paramref name="payload"/> as one frame (LZ4 default preferences: linked 64 KiB blocks).</summary>
    public byte[] Compress(ReadOnlySpan<byte> payload)
    {
        fixed (byte* src = payload)
        {
            switch (_compression)
            {
                case Aedat4Compression.None:
                    return payload.ToArray();
                case Aedat4Compression.Lz4:
                case Aedat4Compression.Lz4High:
                {
                    var dst = new byte[(int)Lz4Native.LZ4F_compressFrameBound((nuint)payload.Length, null)];
                    fixed (byte* d = dst)
                    {
                        nuint n = Lz4Native.LZ4F_compressFrame(d, (nuint)dst.Length, src, (nuint)payload.Length, null);
                        if (Lz4Native.LZ4F_isError(n) != 0)
                        {
                            throw new InvalidDataException($"LZ4 compression failed: {Lz4Native.ErrorName(n)}");
                        }

                        return dst.AsSpan(0, (int)n).ToArray();
                    }
                }

                default:
                {
                    var dst = new byte[(int)ZstdNative.ZSTD_compressBound((nuint)payload.Length)];
                    fixed (byte* d = dst)
                    {
                        nuint n = ZstdNative.ZSTD_compress(d, (nuint)dst.Length, src, (nuint)payload.Length, 3);
                        if (ZstdNative.ZSTD_isError(n) != 0)
                        {
                            throw new InvalidDataException($"zstd compression failed: {ZstdNative.ErrorName(n)}");
                        }

                        return dst.AsSpan(0, (int)n).ToArray();
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        if (_lz4Context != 0)
        {
            Lz4Native.LZ4F_freeDecompressionContext(_lz4Context);
            _lz4Context = 0;
        }

        if (_zstdStream != 0)
        {
            ZstdNative.ZSTD_freeDStream(_zstdStream);
            _zstdStream = 0;
        }
    }

    private int DecompressLz4(ReadOnlySpan<byte> payload)
    {
        if (_lz4Context == 0)
        {
            nuint rc = Lz4Native.LZ4F_createDecompressionContext(out _lz4Context, Lz4Native.FrameVersion);
            if (Lz4Native.LZ4F_isError(rc) != 0)
            {
                throw new InvalidOperationException($"liblz4: {Lz4Native.ErrorName(rc)}");
            }
        }
        else
        {
            Lz4Native.LZ4F_resetDecompressionContext(_lz4Context);
        }

        int produced = 0;
        int consumed = 0;
        fixed (byte* src = payload)
        {
            while (true)
            {
                EnsureCapacity(produced + Step, produced);
                fixed (byte* dst = _output)
                {
                    nuint dstSize = (nuint)(_output.Length - produced);
                    nuint srcSize = (nuint)(payload.Length - consumed);
                    nuint hint = Lz4Native.LZ4F_decompress(_lz4Context, dst + produced, ref dstSize, src + consumed, ref srcSize, null);
                    if (Lz4Native.LZ4F_isError(hint) != 0)
                    {
                        Lz4Native.LZ4F_resetDecompressionContext(_lz4Context);
                        throw new InvalidDataException($"LZ4 frame: {Lz4Native.ErrorName(hint)}");
                    }

                    consumed += (int)srcSize;
                    produced += (int)dstSize;
                    if (hint == 0)
                    {
                        return produced;
                    }

                    if (srcSize == 0 && dstSize == 0)
                    {
                        throw new InvalidDataException("LZ4 frame truncated");
                    }
                }
            }
        }
    }

    private int DecompressZstd(ReadOnlySpan<byte> payload)
    {
        if (_zstdStream == 0)
        {
            _zstdStream = ZstdNative.ZSTD_createDStream();
            if (_zstdStream == 0)
            {
                throw new InvalidOperationException("libzstd: cannot create a decompression stream");
            }
        }

        ZstdNative.ZSTD_initDStream(_zstdStream);
        int produced = 0;
        fixed (byte* src = payload)
        {
            var input = new ZstdNative.Buffer { Pointer = src, Size = (nuint)payload.Length, Position = 0 };
            while (true)
            {
                EnsureCapacity(produced + Step, produced);
                fixed (byte* dst = _output)
                {
                    var output = new ZstdNative.Buffer { Pointer = dst + produced, Size = (nuint)(_output.Length - produced), Position = 0 };
                    nuint before = input.Position;
                    nuint hint = ZstdNative.ZSTD_decompressStream(_zstdStream, &output, &input);
                    if (ZstdNative.ZSTD_isError(hint) != 0)
                    {
                        throw new InvalidDataException($"zstd frame: {ZstdNative.ErrorName(hint)}");
                    }

                    produced += (int)output.Position;
                    if (hint == 0)
                    {
                        return produced;
                    }

                    if (output.Position == 0 && input.Position == before)
                    {
                        throw new InvalidDataException("zstd frame truncated");
                    }
                }
            }
        }
    }

    private void EnsureCapacity(int needed, int live)
    {
        if (needed <= _output.Length)
        {
            return;
        }

        if (needed > MaxPacketBytes)
        {
            throw new InvalidDataException($"decompressed packet exceeds {MaxPacketBytes} bytes");
        }

        var grown = new byte[Math.Min(MaxPacketBytes, Math.Max(needed, _output.Length * 2))];
        _output.AsSpan(0, live).CopyTo(grown);
        _output = grown;
    }
}
