namespace Tuner.Engine.Data;

/// <summary>
/// Splits RFC 4180 text into records without allocating per field: the fields of the current
/// record live in one reusable char buffer, addressed by start and length.
/// </summary>
/// <remarks>
/// Accepted: quoted fields (commas, line breaks and <c>""</c> escapes inside), records ended by
/// <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>, a missing final line break. Lenient where RFC 4180
/// is strict but the meaning is clear: spaces before an opening quote or after a closing quote are
/// ignored, and a <c>"</c> inside an unquoted field is kept as a character. Strict where guessing
/// would hide a mistake: a quote that never closes, or text after a closing quote, is an error.
/// Line numbers count physical lines, so a quoted line break advances them.
/// </remarks>
internal sealed class CsvRecordReader
{
    private const int Eof = -1;

    private readonly TextReader _reader;
    private readonly string _sourceName;
    private readonly int _maxFieldLength;
    private readonly int _maxColumns;
    private readonly char[] _input = new char[64 * 1024];
    private int _inputPos;
    private int _inputLen;
    private int _line = 1;

    private char[] _chars = new char[256];
    private int _charCount;
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private int[] _fieldLines = new int[16];
    private bool _lastFieldQuoted;

    public CsvRecordReader(TextReader reader, string sourceName, int maxFieldLength, int maxColumns)
    {
        _reader = reader;
        _sourceName = sourceName;
        _maxFieldLength = maxFieldLength;
        _maxColumns = maxColumns;
    }

    /// <summary>Column names used in error messages once the header is known; before that, columns are numbered.</summary>
    public IReadOnlyList<string>? ColumnNames { get; set; }

    /// <summary>Fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The line on which the current record starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>True when the current record is an empty or whitespace-only line.</summary>
    public bool IsBlank =>
        FieldCount == 1 && !_lastFieldQuoted && Field(0).IsWhiteSpace();

    /// <summary>The text of field <paramref name="index"/> of the current record (quotes removed, escapes resolved).</summary>
    public ReadOnlySpan<char> Field(int index) => _chars.AsSpan(_starts[index], _lengths[index]);

    /// <summary>The line on which field <paramref name="index"/> starts.</summary>
    public int FieldLine(int index) => _fieldLines[index];

    /// <summary>Skips a leading byte-order mark, which <see cref="StringReader"/> input may still carry.</summary>
    public void SkipByteOrderMark()
    {
        if (Peek() == '\uFEFF')
        {
            Read();
        }
    }

    /// <summary>Reads the next record; false at the end of the input.</summary>
    /// <exception cref="DataFormatException">An unterminated quote, text after a closing quote, or a limit exceeded.</exception>
    public bool ReadRecord()
    {
        if (Peek() == Eof)
        {
            return false;
        }

        RecordLine = _line;
        FieldCount = 0;
        _charCount = 0;
        while (true)
        {
            int terminator = ReadField();
            if (terminator != ',')
            {
                return true; // line break or end of input ends the record
            }
        }
    }

    /// <summary>Reads one field into the buffer; returns what ended it: ',', '\n' (any line break) or <see cref="Eof"/>.</summary>
    private int ReadField()
    {
        int index = FieldCount;
        if (index == _maxColumns)
        {
            throw Error(_line, null, $"a row has more than {_maxColumns} fields, the most accepted; is this really a CSV file with ',' separators?");
        }

        EnsureFieldSlots(index + 1);
        FieldCount = index + 1;
        _fieldLines[index] = _line;
        _starts[index] = _charCount;
        _lastFieldQuoted = false;

        // Spaces before an opening quote are ignored; otherwise they belong to the unquoted field.
        int c = Read();
        while (c is ' ' or '\t')
        {
            Append(c, index);
            c = Read();
        }

        if (c == '"')
        {
            _charCount = _starts[index];
            _lastFieldQuoted = true;
            return ReadQuotedRest(index);
        }

        while (true)
        {
            switch (c)
            {
                case ',':
                    return Finish(index, ',');
                case '\n':
                    _line++;
                    return Finish(index, '\n');
                case '\r':
                    ConsumeLineFeedAfterCarriageReturn();
                    return Finish(index, '\n');
                case Eof:
                    return Finish(index, Eof);
                default:
                    Append(c, index);
                    c = Read();
                    break;
            }
        }
    }

    private int ReadQuotedRest(int index)
    {
        int openedOn = _fieldLines[index];
        while (true)
        {
            int c = Read();
            switch (c)
            {
                case Eof:
                    throw Error(
                        openedOn,
                        index,
                        "unterminated quoted field: the '\"' opened here is never closed; close it, and write a quote inside a quoted field as \"\"");
                case '"':
                    if (Peek() == '"')
                    {
                        Read();
                        Append('"', index);
                        break;
                    }

                    return AfterClosingQuote(index);
                case '\n':
                    _line++;
                    Append(c, index);
                    break;
                case '\r':
                    Append(c, index);
                    if (Peek() == '\n')
                    {
                        Append(Read(), index);
                    }

                    _line++;
                    break;
                default:
                    Append(c, index);
                    break;
            }
        }
    }

    private int AfterClosingQuote(int index)
    {
        int c = Read();
        while (c is ' ' or '\t')
        {
            c = Read();
        }

        switch (c)
        {
            case ',':
                return Finish(index, ',');
            case '\n':
                _line++;
                return Finish(index, '\n');
            case '\r':
                ConsumeLineFeedAfterCarriageReturn();
                return Finish(index, '\n');
            case Eof:
                return Finish(index, Eof);
            default:
                throw Error(
                    _line,
                    index,
                    $"unexpected '{(char)c}' after a closing quote; quote the whole field and write a quote inside it as \"\"");
        }
    }

    private int Finish(int index, int terminator)
    {
        _lengths[index] = _charCount - _starts[index];
        return terminator;
    }

    private void ConsumeLineFeedAfterCarriageReturn()
    {
        if (Peek() == '\n')
        {
            Read();
        }

        _line++;
    }

    private void Append(int c, int index)
    {
        if (_charCount - _starts[index] == _maxFieldLength)
        {
            throw Error(_fieldLines[index], index, $"field longer than {_maxFieldLength} characters, the most accepted; is a quote left open?");
        }

        if (_charCount == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }

        _chars[_charCount++] = (char)c;
    }

    private void EnsureFieldSlots(int count)
    {
        if (count > _starts.Length)
        {
            int size = Math.Max(count, _starts.Length * 2);
            Array.Resize(ref _starts, size);
            Array.Resize(ref _lengths, size);
            Array.Resize(ref _fieldLines, size);
        }
    }

    private int Peek()
    {
        if (_inputPos == _inputLen && !Fill())
        {
            return Eof;
        }

        return _input[_inputPos];
    }

    private int Read()
    {
        if (_inputPos == _inputLen && !Fill())
        {
            return Eof;
        }

        return _input[_inputPos++];
    }

    private bool Fill()
    {
        _inputLen = _reader.Read(_input, 0, _input.Length);
        _inputPos = 0;
        return _inputLen > 0;
    }

    private DataFormatException Error(int line, int? fieldIndex, string problem)
    {
        string? column = null;
        string where = $"{_sourceName} line {line}";
        if (fieldIndex is int i)
        {
            if (ColumnNames is { } names && i < names.Count && names[i].Length > 0)
            {
                column = names[i];
                where += $", column '{column}'";
            }
            else
            {
                where += $", column {i + 1}";
            }
        }

        return new DataFormatException($"{where}: {problem}", line, column);
    }
}
