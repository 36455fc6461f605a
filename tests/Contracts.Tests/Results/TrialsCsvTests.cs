using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Results;

public sealed class TrialsCsvTests
{
    [Fact]
    public void One_row_per_trial_with_a_column_per_hyperparameter_and_quoting()
    {
        var a = Hyperparameters.Empty.With("units", HyperparameterValue.Int(64)).With("learning_rate", HyperparameterValue.Float(0.001));
        var b = Hyperparameters.Empty.With("units", HyperparameterValue.Int(32)).With("cell", HyperparameterValue.String("gru"));
        var doc = new ResultsDocument("j", "j-1", "completed", "forecast", "random", "val_loss", 6, 6, null, new[]
        {
            new TrialResult("t-0001", a, "completed", 0.25, 0.5, 3, null, null, "w1", 1.5, ValueList<EpochMetrics>.Empty),
            new TrialResult("t-0002", b, "failed", null, null, 0, 1, 0, null, 0, ValueList<EpochMetrics>.Empty, "out of memory, \"again\""),
        }.ToValueList());

        var lines = TrialsCsv.Write(doc).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("trialId,status,val_loss,loss,epochs,bracket,round,worker,seconds,units,learning_rate,cell,error", lines[0]);
        Assert.Equal("t-0001,completed,0.25,0.5,3,,,w1,1.5,64,0.001,,", lines[1]);
        Assert.Equal("t-0002,failed,,,0,1,0,,0,32,,gru,\"out of memory, \"\"again\"\"\"", lines[2]);
    }

    [Fact]
    public void A_job_without_trials_yet_has_its_search_spaces_columns()
    {
        // A cancelled or just-submitted job's trials.csv had no hyperparameter columns at all (they came from its trials).
        var space = new[] { new SearchDimension("units", "int", 8, 32), new SearchDimension("optimizer", "choice") }.ToValueList();
        var doc = new ResultsDocument("j", "j-1", "cancelled", "forecast", "random", "val_loss", 0, 32, null, ValueList<TrialResult>.Empty, space);

        Assert.Equal("trialId,status,val_loss,loss,epochs,bracket,round,worker,seconds,units,optimizer,error\n", TrialsCsv.Write(doc));
    }
}
