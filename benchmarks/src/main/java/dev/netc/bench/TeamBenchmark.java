package dev.netc.bench;

import dev.netc.runtime.kernels.Team;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code threads} parameter of the model benchmarks: the size of the {@link Team} attached to
 * the thread that runs the measured calls. 1 runs everything on that thread; 2 splits every large
 * product over two cores.
 */
@State(Scope.Thread)
public abstract class TeamBenchmark {
  @Param("1")
  int threads;

  Team team;

  /**
   * Attaches the team to the calling thread; every benchmark method calls it first. JMH may run
   * setup and the measured calls on different threads of its pool, and a team is attached per
   * thread.
   */
  void onTeam() {
    if (threads > 1 && (team == null || Team.current() != team)) {
      if (team != null) {
        team.close();
      }
      team = Team.start(threads).attach();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (team != null) {
      team.close();
    }
  }
}
