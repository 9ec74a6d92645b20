package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's local file system: installed for both of Hadoop's APIs, and creating, linking and
 * renaming files as Hadoop's own does.
 */
class ForklessLocalFileSystemIT {
  @TempDir java.nio.file.Path dir;

  private static Configuration sessionConf() {
    return SharedSpark.session().sessionState().newHadoopConf();
  }

  @Test
  void theSessionWritesLocalFilesThroughIt() throws Exception {
    Configuration conf = sessionConf();

    assertThat(FileSystem.get(dir.toUri(), conf)).isInstanceOf(ForklessLocalFileSystem.class);
    assertThat(FileContext.getFileContext(dir.toUri(), conf).getDefaultFileSystem())
        .isInstanceOf(ForklessLocalFs.class);
  }

  @Test
  void filesAndDirectoriesGetTheirPermissionsAndChecksums() throws Exception {
    FileSystem fs = FileSystem.get(dir.toUri(), sessionConf());
    Path folder = new Path(dir.toUri().toString(), "a/b");
    Path file = new Path(folder, "data.txt");

    assertThat(fs.mkdirs(folder, new FsPermission((short) 0750))).isTrue();
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
      out.write("rows".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
        .isEqualTo("rwxr-x---");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/data.txt"))))
        .isEqualTo("rw-r-----");
    assertThat(dir.resolve("a/b/.data.txt.crc")).exists();
    assertThat(fs.getFileStatus(file).getPermission().toShort()).isEqualTo((short) 0640);
  }

  @Test
  void linksAndFilesAreReportedAsHadoopsOwnFileSystemReportsThem() throws Exception {
    java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "12345");
    Files.createSymbolicLink(dir.resolve("link.txt"), target);
    Files.createDirectory(dir.resolve("folder"));
    FileContext ours = FileContext.getFileContext(dir.toUri(), sessionConf());
    FileContext hadoops = FileContext.getFileContext(dir.toUri(), new Configuration());
    assertThat(hadoops.getDefaultFileSystem()).isNotInstanceOf(ForklessLocalFs.class);

    for (String name : new String[] {"link.txt", "target.txt", "folder"}) {
      Path path = new Path(dir.resolve(name).toUri());
      assertThat(describe(ours.getFileLinkStatus(path)))
          .as(name)
          .isEqualTo(describe(hadoops.getFileLinkStatus(path)));
    }
    assertThat(describe(ours.getFileLinkStatus(new Path(target.toUri())))).isEqualTo("file 5 false");
  }

  private static String describe(FileStatus status) {
    return (status.isDirectory() ? "directory" : "file")
        + " " + (status.isDirectory() ? "-" : status.getLen()) + " " + status.isSymlink();
  }

  @Test
  void aFolderIsListedAsHadoopsOwnFileSystemListsIt() throws Exception {
    Files.writeString(dir.resolve("00000000000000000001.json"), "{}");
    Files.writeString(dir.resolve("name:with colon"), "12345");
    Files.createDirectory(dir.resolve("_change_data"));
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("00000000000000000001.json"));
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
    Files.setPosixFilePermissions(dir.resolve("name:with colon"), PosixFilePermissions.fromString("rw-r-----"));
    Path folder = new Path(dir.toUri());
    FileSystem ours = FileSystem.get(dir.toUri(), sessionConf());
    org.apache.hadoop.fs.RawLocalFileSystem hadoops = new org.apache.hadoop.fs.RawLocalFileSystem();
    hadoops.initialize(dir.toUri(), new Configuration());

    FileStatus[] listed = ((ForklessLocalFileSystem) ours).getRawFileSystem().listStatus(folder);

    assertThat(java.util.Arrays.stream(listed).map(ForklessLocalFileSystemIT::listing).sorted())
        .containsExactlyElementsOf(
            java.util.Arrays.stream(hadoops.listStatus(folder)).map(ForklessLocalFileSystemIT::listing).sorted().toList());
    assertThat(listed).hasSize(4);
    assertThat(ours.listStatus(new Path(folder, "link"))).hasSize(1);
  }

  private static String listing(FileStatus status) {
    return status.getPath() + " " + describe(status) + " " + status.getModificationTime() + " "
        + status.getPermission() + " " + status.getOwner() + " " + status.getGroup() + " " + status.getBlockSize();
  }

  @Test
  void aRenameOverwritesAsCheckpointsNeed() throws Exception {
    FileContext files = FileContext.getFileContext(dir.toUri(), sessionConf());
    Path temporary = new Path(dir.toUri().toString(), ".offsets.tmp");
    Path offsets = new Path(dir.toUri().toString(), "offsets");
    Files.writeString(dir.resolve("offsets"), "old");
    try (FSDataOutputStream out =
        files.create(temporary, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
      out.write("new".getBytes(StandardCharsets.UTF_8));
    }

    files.rename(temporary, offsets, Options.Rename.OVERWRITE);

    assertThat(Files.readString(dir.resolve("offsets"))).isEqualTo("new");
    assertThat(dir.resolve(".offsets.tmp")).doesNotExist();
  }

  @Test
  void aNewFileIsWrittenWithItsFolderMadeWhenMissingAndThePermissionsHadoopGives() throws Exception {
    ForklessLocalFileSystem fs = (ForklessLocalFileSystem) FileSystem.get(dir.toUri(), sessionConf());
    ForklessLocalFileSystem.Raw raw = (ForklessLocalFileSystem.Raw) fs.getRawFileSystem();
    Path first = new Path(dir.toUri().toString(), "x=1/y=2/first.parquet");
    Path second = new Path(dir.toUri().toString(), "x=1/y=2/second.parquet");
    Path hadoops = new Path(dir.toUri().toString(), "x=1/y=2/hadoops.parquet");

    for (Path file : new Path[] {first, second}) {
      try (FSDataOutputStream out = raw.createNew(file)) {
        out.write(file.getName().getBytes(StandardCharsets.UTF_8));
        assertThat(out.getPos()).isEqualTo(file.getName().length());
      }
    }
    raw.create(hadoops, false).close();

    assertThat(Files.readString(dir.resolve("x=1/y=2/first.parquet"))).isEqualTo("first.parquet");
    assertThat(Files.readString(dir.resolve("x=1/y=2/second.parquet"))).isEqualTo("second.parquet");
    assertThat(Files.getPosixFilePermissions(dir.resolve("x=1/y=2/first.parquet")))
        .isEqualTo(Files.getPosixFilePermissions(dir.resolve("x=1/y=2/hadoops.parquet")));
    assertThat(Files.getPosixFilePermissions(dir.resolve("x=1")))
        .isEqualTo(Files.getPosixFilePermissions(dir.resolve("x=1/y=2")));
    assertThat(dir.resolve("x=1/y=2/.first.parquet.crc")).doesNotExist();
  }

  @Test
  void aNewFileIsRefusedWhereAFileIsAlreadyAndThatFileKeepsItsBytes() throws Exception {
    ForklessLocalFileSystem fs = (ForklessLocalFileSystem) FileSystem.get(dir.toUri(), sessionConf());
    ForklessLocalFileSystem.Raw raw = (ForklessLocalFileSystem.Raw) fs.getRawFileSystem();
    Path file = new Path(dir.toUri().toString(), "x=1/part.parquet");
    try (FSDataOutputStream out = raw.createNew(file)) {
      out.write("first".getBytes(StandardCharsets.UTF_8));
    }

    assertThatThrownBy(() -> raw.createNew(file))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("part.parquet");
    assertThat(Files.readString(dir.resolve("x=1/part.parquet"))).isEqualTo("first");
  }

  @Test
  void aStickyBitIsLeftToHadoop() {
    assertThat(ForklessLocalFileSystem.posix(new FsPermission((short) 01777))).isNull();
    assertThat(PosixFilePermissions.toString(ForklessLocalFileSystem.posix(new FsPermission((short) 0754))))
        .isEqualTo("rwxr-xr--");
  }
}
